using Deployer.Core.Events;
using Deployer.Core.Holds;
using Deployer.Core.Ports;
using Npgsql;

namespace Deployer.Bot.Store.PostgreSql;

/// <summary><see cref="IHoldStore"/> in PostgreSQL, indexed by service and expiry; removals return exactly the rows they deleted;
/// every change is committed together with its announcement.</summary>
public sealed class PostgreSqlHoldStore(NpgsqlDataSource dataSource) : IHoldStore, IActiveHoldCount
{
    public async Task<IReadOnlyList<Hold>> GetActiveAsync(string? service, DateTimeOffset now, CancellationToken cancellationToken) =>
        service is null
            ? await PgJson.ListAsync(dataSource, "SELECT doc FROM deployer_holds WHERE until_ticks > $1 ORDER BY created_at_ticks, id",
                r => PgJson.Read<Hold>(r, 0), cancellationToken, now.UtcTicks)
            : await PgJson.ListAsync(dataSource, "SELECT doc FROM deployer_holds WHERE service = $1 AND until_ticks > $2 ORDER BY created_at_ticks, id",
                r => PgJson.Read<Hold>(r, 0), cancellationToken, service.ToLowerInvariant(), now.UtcTicks);

    public int CountActive(DateTimeOffset now)
    {
        using var command = dataSource.CreateCommand("SELECT count(*) FROM deployer_holds WHERE until_ticks > $1");
        command.Parameters.Add(PgJson.Value(now.UtcTicks));
        return Convert.ToInt32(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }

    public async Task<HoldPlaced> PlaceAsync(Hold hold, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(hold);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var replaced = await DeleteScopeAsync(connection, transaction, hold.Service, hold.Stage, cancellationToken);
        await using (var insert = new NpgsqlCommand("""
            INSERT INTO deployer_holds (id, service, stage, created_at_ticks, until_ticks, doc) VALUES ($1, $2, $3, $4, $5, $6)
            ON CONFLICT (id) DO UPDATE SET service = excluded.service, stage = excluded.stage, created_at_ticks = excluded.created_at_ticks,
                until_ticks = excluded.until_ticks, doc = excluded.doc
            """, connection, transaction))
        {
            insert.Parameters.Add(PgJson.Value(hold.Id));
            insert.Parameters.Add(PgJson.Value(hold.Service.ToLowerInvariant()));
            insert.Parameters.Add(PgJson.Value(hold.Stage?.ToLowerInvariant()));
            insert.Parameters.Add(PgJson.Value(hold.CreatedAt.UtcTicks));
            insert.Parameters.Add(PgJson.Value(hold.Until?.UtcTicks ?? long.MaxValue));
            insert.Parameters.Add(PgJson.Parameter(hold));
            await insert.ExecuteNonQueryAsync(cancellationToken);
        }

        var placed = new HoldPlaced { Hold = hold, Replaced = replaced, At = hold.CreatedAt };
        await PostgreSqlNotificationQueue.AppendAsync(connection, transaction, placed, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return placed;
    }

    public async Task<HoldLifted?> LiftAsync(string service, string? stage, string by, DateTimeOffset at, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(service);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var lifted = await DeleteScopeAsync(connection, transaction, service, stage, cancellationToken);
        if (lifted.Count == 0)
        {
            return null;
        }

        var change = new HoldLifted { HeldService = service, Stage = stage, Lifted = lifted, By = by, At = at };
        await PostgreSqlNotificationQueue.AppendAsync(connection, transaction, change, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return change;
    }

    public async Task<IReadOnlyList<HoldExpired>> RemoveExpiredAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var expired = (await DeleteAsync(connection, transaction, "DELETE FROM deployer_holds WHERE until_ticks <= $1 RETURNING doc", cancellationToken, now.UtcTicks))
            .Select(h => new HoldExpired { Hold = h, At = now }).ToList();
        foreach (var e in expired)
        {
            await PostgreSqlNotificationQueue.AppendAsync(connection, transaction, e, cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return expired;
    }

    private static Task<List<Hold>> DeleteScopeAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string service, string? stage, CancellationToken cancellationToken) =>
        stage is null
            ? DeleteAsync(connection, transaction, "DELETE FROM deployer_holds WHERE service = $1 AND stage IS NULL RETURNING doc", cancellationToken, service.ToLowerInvariant())
            : DeleteAsync(connection, transaction, "DELETE FROM deployer_holds WHERE service = $1 AND stage = $2 RETURNING doc", cancellationToken, service.ToLowerInvariant(), stage.ToLowerInvariant());

    private static async Task<List<Hold>> DeleteAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string sql, CancellationToken cancellationToken, params object[] parameters)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        foreach (var parameter in parameters)
        {
            command.Parameters.Add(PgJson.Value(parameter));
        }

        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var holds = new List<Hold>();
        while (await reader.ReadAsync(cancellationToken))
        {
            holds.Add(PgJson.Read<Hold>(reader, 0));
        }

        return holds;
    }
}
