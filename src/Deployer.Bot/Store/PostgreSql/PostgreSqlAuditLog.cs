using Deployer.Core.Audit;
using Deployer.Core.Ports;
using Npgsql;

namespace Deployer.Bot.Store.PostgreSql;

/// <summary>
/// The append-only audit log in PostgreSQL. Ids come from a sequence, so appends from every node interleave without
/// collisions; newest-first reads walk the primary key or the (service, id) index backwards and stop at the limit.
/// </summary>
public sealed class PostgreSqlAuditLog(NpgsqlDataSource dataSource) : IAuditLog
{
    private const string Insert = "INSERT INTO deployer_audit (service, at, doc) VALUES ($1, $2, $3)";

    public Task AppendAsync(AuditEntry entry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return PgJson.ExecuteAsync(dataSource, Insert, cancellationToken,
            entry.Service.ToLowerInvariant(), entry.At.ToUniversalTime(), PgJson.Parameter(entry with { Id = 0 }));
    }

    /// <summary>Appends <paramref name="entry"/> inside the caller's transaction, kept with its other writes or not at all.</summary>
    internal static async Task AppendAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, AuditEntry entry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        await using var command = new NpgsqlCommand(Insert, connection, transaction);
        command.Parameters.Add(PgJson.Value(entry.Service.ToLowerInvariant()));
        command.Parameters.Add(PgJson.Value(entry.At.ToUniversalTime()));
        command.Parameters.Add(PgJson.Parameter(entry with { Id = 0 }));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<AuditEntry>> QueryAsync(string? service, int limit, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        return service is null
            ? await PgJson.ListAsync(dataSource, "SELECT id, doc FROM deployer_audit ORDER BY id DESC LIMIT $1", Read, cancellationToken, limit)
            : await PgJson.ListAsync(dataSource, "SELECT id, doc FROM deployer_audit WHERE service = $1 ORDER BY id DESC LIMIT $2",
                Read, cancellationToken, service.ToLowerInvariant(), limit);
    }

    private static AuditEntry Read(NpgsqlDataReader reader) => PgJson.Read<AuditEntry>(reader, 1) with { Id = reader.GetInt64(0) };
}
