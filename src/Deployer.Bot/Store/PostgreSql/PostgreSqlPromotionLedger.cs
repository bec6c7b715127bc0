using Deployer.Bot.Scheduling;
using Deployer.Core.Ports;
using Deployer.Core.Promotions;
using Npgsql;

namespace Deployer.Bot.Store.PostgreSql;

/// <summary>
/// <see cref="IPromotionLedger"/> in PostgreSQL. "At most one open intent per pair" is the unique partial index
/// <c>deployer_promotions_one_open_per_pair</c>: two nodes beginning the same pair at once get one row, and the loser false.
/// Each intent records the node that began it; reconciliation settles only the open intents of nodes that are no longer
/// in Quartz's cluster table (<c>qrtz_scheduler_state</c>, whose row Quartz deletes once it has recovered a dead node).
/// </summary>
public sealed class PostgreSqlPromotionLedger(NpgsqlDataSource dataSource, DeployerNode node) : IPromotionLedger
{
    private const string UniqueViolation = "23505";

    public async Task<bool> TryBeginAsync(PromotionIntent intent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(intent);
        try
        {
            await PgJson.ExecuteAsync(dataSource,
                "INSERT INTO deployer_promotions (id, service, pair_key, open, node, doc, kind) VALUES ($1, $2, $3, $4, $5, $6, $7)",
                cancellationToken,
                intent.Id, intent.Service.ToLowerInvariant(), intent.PairKey.ToLowerInvariant(), intent.Outcome == PromotionOutcome.Open, node.Id, PgJson.Parameter(intent),
                intent.Kind.ToString());
            return true;
        }
        catch (PostgresException ex) when (ex.SqlState == UniqueViolation && ex.ConstraintName == "deployer_promotions_one_open_per_pair")
        {
            return false;
        }
    }

    public async Task SetExternalIdAsync(string intentId, string externalId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(intentId);
        var updated = await PgJson.ExecuteAsync(dataSource,
            "UPDATE deployer_promotions SET doc = jsonb_set(doc, '{externalId}', to_jsonb($2::text)) WHERE id = $1",
            cancellationToken, intentId, externalId);
        if (updated == 0)
        {
            throw new InvalidOperationException($"no promotion intent {intentId}");
        }
    }

    public async Task CompleteAsync(string intentId, PromotionOutcome outcome, string message, DateTimeOffset at, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(intentId);
        if (outcome == PromotionOutcome.Open)
        {
            throw new ArgumentException("a promotion completes with an outcome other than Open", nameof(outcome));
        }

        // The JSON fields are written as StoreJson writes them (camelCase, enum names, ISO-8601 times).
        var updated = await PgJson.ExecuteAsync(dataSource, """
            UPDATE deployer_promotions SET open = false,
                doc = doc || jsonb_build_object('outcome', $2::text, 'message', $3::text, 'completedAt', $4::text)
            WHERE id = $1
            """, cancellationToken, intentId, outcome.ToString(), message, at.ToUniversalTime().ToString("O", System.Globalization.CultureInfo.InvariantCulture));
        if (updated == 0)
        {
            throw new InvalidOperationException($"no promotion intent {intentId}");
        }
    }

    public async Task<IReadOnlyList<PromotionIntent>> GetOpenAsync(CancellationToken cancellationToken) =>
        await PgJson.ListAsync(dataSource, "SELECT doc FROM deployer_promotions WHERE open ORDER BY seq", r => PgJson.Read<PromotionIntent>(r, 0), cancellationToken);

    public async Task<IReadOnlyList<PromotionIntent>> GetOrphanedAsync(CancellationToken cancellationToken) =>
        await PgJson.ListAsync(dataSource, """
            SELECT doc FROM deployer_promotions p
            WHERE open AND p.node <> $1
              AND NOT EXISTS (SELECT 1 FROM qrtz_scheduler_state s WHERE s.instance_name = p.node)
            ORDER BY seq
            """, r => PgJson.Read<PromotionIntent>(r, 0), cancellationToken, node.Id);

    public async Task<IReadOnlyList<PromotionIntent>> GetRecentAsync(string? service, int limit, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        return service is null
            ? await PgJson.ListAsync(dataSource, "SELECT doc FROM deployer_promotions ORDER BY seq DESC LIMIT $1", r => PgJson.Read<PromotionIntent>(r, 0), cancellationToken, limit)
            : await PgJson.ListAsync(dataSource, "SELECT doc FROM deployer_promotions WHERE service = $1 ORDER BY seq DESC LIMIT $2",
                r => PgJson.Read<PromotionIntent>(r, 0), cancellationToken, service.ToLowerInvariant(), limit);
    }
}
