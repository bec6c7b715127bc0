using Deployer.Core.Holds;
using Deployer.Core.Ports;
using Npgsql;

namespace Deployer.Bot.Store.PostgreSql;

/// <summary><see cref="IHoldStore"/> in PostgreSQL, indexed by service and expiry; removals return exactly the rows they deleted.</summary>
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

    public Task AddAsync(Hold hold, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(hold);
        return PgJson.ExecuteAsync(dataSource, """
            INSERT INTO deployer_holds (id, service, stage, created_at_ticks, until_ticks, doc) VALUES ($1, $2, $3, $4, $5, $6)
            ON CONFLICT (id) DO UPDATE SET service = excluded.service, stage = excluded.stage, created_at_ticks = excluded.created_at_ticks,
                until_ticks = excluded.until_ticks, doc = excluded.doc
            """, cancellationToken,
            hold.Id, hold.Service.ToLowerInvariant(), hold.Stage?.ToLowerInvariant(), hold.CreatedAt.UtcTicks, hold.Until?.UtcTicks ?? long.MaxValue, PgJson.Parameter(hold));
    }

    public async Task<IReadOnlyList<Hold>> RemoveAsync(string service, string? stage, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(service);
        return stage is null
            ? await PgJson.ListAsync(dataSource, "DELETE FROM deployer_holds WHERE service = $1 AND stage IS NULL RETURNING doc",
                r => PgJson.Read<Hold>(r, 0), cancellationToken, service.ToLowerInvariant())
            : await PgJson.ListAsync(dataSource, "DELETE FROM deployer_holds WHERE service = $1 AND stage = $2 RETURNING doc",
                r => PgJson.Read<Hold>(r, 0), cancellationToken, service.ToLowerInvariant(), stage.ToLowerInvariant());
    }

    public async Task<IReadOnlyList<Hold>> RemoveExpiredAsync(DateTimeOffset now, CancellationToken cancellationToken) =>
        await PgJson.ListAsync(dataSource, "DELETE FROM deployer_holds WHERE until_ticks <= $1 RETURNING doc",
            r => PgJson.Read<Hold>(r, 0), cancellationToken, now.UtcTicks);
}
