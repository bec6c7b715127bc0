using Deployer.Core.Decisions;
using Deployer.Core.Ports;
using Npgsql;

namespace Deployer.Bot.Store.PostgreSql;

/// <summary><see cref="IDecisionStore"/> in PostgreSQL: one row per pair (lower-cased key), the decision as jsonb.</summary>
public sealed class PostgreSqlDecisionStore(NpgsqlDataSource dataSource) : IDecisionStore
{
    public async Task<PairDecision?> GetLastAsync(string pairKey, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(pairKey);
        var rows = await PgJson.ListAsync(dataSource, "SELECT doc FROM deployer_decisions WHERE pair_key = $1",
            r => PgJson.Read<PairDecision>(r, 0), cancellationToken, pairKey.ToLowerInvariant());
        return rows.FirstOrDefault();
    }

    public Task SaveAsync(PairDecision decision, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(decision);
        return PgJson.ExecuteAsync(dataSource, """
            INSERT INTO deployer_decisions (pair_key, service, kind, at, doc) VALUES ($1, $2, $3, $4, $5)
            ON CONFLICT (pair_key) DO UPDATE SET service = excluded.service, kind = excluded.kind, at = excluded.at, doc = excluded.doc
            """, cancellationToken,
            decision.PairKey.ToLowerInvariant(), decision.Service.ToLowerInvariant(), decision.Kind.ToString(), decision.At.ToUniversalTime(), PgJson.Parameter(decision));
    }

    public async Task<IReadOnlyList<PairDecision>> GetAllAsync(string? service, CancellationToken cancellationToken) =>
        service is null
            ? await PgJson.ListAsync(dataSource, "SELECT doc FROM deployer_decisions", r => PgJson.Read<PairDecision>(r, 0), cancellationToken)
            : await PgJson.ListAsync(dataSource, "SELECT doc FROM deployer_decisions WHERE service = $1", r => PgJson.Read<PairDecision>(r, 0), cancellationToken, service.ToLowerInvariant());
}
