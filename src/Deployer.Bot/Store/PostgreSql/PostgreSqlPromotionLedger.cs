using Deployer.Bot.Scheduling;
using Deployer.Core.Audit;
using Deployer.Core.Events;
using Deployer.Core.Ports;
using Deployer.Core.Promotions;
using Npgsql;

namespace Deployer.Bot.Store.PostgreSql;

/// <summary>
/// <see cref="IPromotionLedger"/> in PostgreSQL. "At most one open intent per pair" is the unique partial index
/// <c>deployer_promotions_one_open_per_pair</c>: two nodes beginning the same pair at once get one row, and the loser false.
/// Each intent records the node that began it; reconciliation settles only the open intents of nodes that are no longer
/// in Quartz's cluster table (<c>qrtz_scheduler_state</c>, whose row Quartz deletes once it has recovered a dead node).
/// The intent and the outcome are each one transaction with their audit entry.
/// </summary>
public sealed class PostgreSqlPromotionLedger(NpgsqlDataSource dataSource, DeployerNode node) : IPromotionLedger
{
    private const string UniqueViolation = "23505";

    public Task<bool> TryBeginAsync(PromotionIntent intent, CancellationToken cancellationToken) => TryBeginAsync(intent, null, cancellationToken);

    public Task<bool> TryBeginAsync(PromotionIntent intent, AuditEntry? audit, CancellationToken cancellationToken) =>
        TryBeginAsync(intent, audit, null, cancellationToken);

    public async Task<bool> TryBeginAsync(PromotionIntent intent, AuditEntry? audit, DeployerEvent? announcement, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(intent);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        try
        {
            await using var insert = new NpgsqlCommand(
                "INSERT INTO deployer_promotions (id, service, pair_key, open, node, doc, kind) VALUES ($1, $2, $3, $4, $5, $6, $7)", connection, transaction);
            insert.Parameters.Add(PgJson.Value(intent.Id));
            insert.Parameters.Add(PgJson.Value(intent.Service.ToLowerInvariant()));
            insert.Parameters.Add(PgJson.Value(intent.PairKey.ToLowerInvariant()));
            insert.Parameters.Add(PgJson.Value(intent.Outcome == PromotionOutcome.Open));
            insert.Parameters.Add(PgJson.Value(node.Id));
            insert.Parameters.Add(PgJson.Parameter(intent));
            insert.Parameters.Add(PgJson.Value(intent.Kind.ToString()));
            await insert.ExecuteNonQueryAsync(cancellationToken);
        }
        catch (PostgresException ex) when (ex.SqlState == UniqueViolation && ex.ConstraintName == "deployer_promotions_one_open_per_pair")
        {
            return false;
        }

        if (audit is not null)
        {
            StoreFaults.Hit(StoreFaults.PromotionBegun);
            await PostgreSqlAuditLog.AppendAsync(connection, transaction, audit, cancellationToken);
        }

        if (announcement is not null)
        {
            await PostgreSqlNotificationQueue.AppendAsync(connection, transaction, announcement, cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return true;
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

    public Task CompleteAsync(string intentId, PromotionOutcome outcome, string message, DateTimeOffset at, CancellationToken cancellationToken) =>
        CompleteAsync(intentId, outcome, message, at, null, cancellationToken);

    public Task<bool> CompleteAsync(string intentId, PromotionOutcome outcome, string message, DateTimeOffset at, AuditEntry? audit, CancellationToken cancellationToken) =>
        CompleteAsync(intentId, outcome, message, at, audit, null, cancellationToken);

    public async Task<bool> CompleteAsync(string intentId, PromotionOutcome outcome, string message, DateTimeOffset at, AuditEntry? audit, DeployerEvent? announcement, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(intentId);
        if (outcome == PromotionOutcome.Open)
        {
            throw new ArgumentException("a promotion completes with an outcome other than Open", nameof(outcome));
        }

        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        // Only an open intent completes (the row lock makes two completers of one intent take turns; the second finds it
        // closed). The JSON fields are written as StoreJson writes them (camelCase, enum names, ISO-8601 times).
        await using (var update = new NpgsqlCommand("""
            UPDATE deployer_promotions SET open = false,
                doc = doc || jsonb_build_object('outcome', $2::text, 'message', $3::text, 'completedAt', $4::text)
            WHERE id = $1 AND open
            """, connection, transaction))
        {
            update.Parameters.Add(PgJson.Value(intentId));
            update.Parameters.Add(PgJson.Value(outcome.ToString()));
            update.Parameters.Add(PgJson.Value(message));
            update.Parameters.Add(PgJson.Value(at.ToUniversalTime().ToString("O", System.Globalization.CultureInfo.InvariantCulture)));
            if (await update.ExecuteNonQueryAsync(cancellationToken) == 0)
            {
                await using var exists = new NpgsqlCommand("SELECT count(*) FROM deployer_promotions WHERE id = $1", connection, transaction);
                exists.Parameters.Add(PgJson.Value(intentId));
                return Convert.ToInt64(await exists.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture) > 0
                    ? false
                    : throw new InvalidOperationException($"no promotion intent {intentId}");
            }
        }

        if (audit is not null)
        {
            StoreFaults.Hit(StoreFaults.PromotionCompleted);
            await PostgreSqlAuditLog.AppendAsync(connection, transaction, audit, cancellationToken);
        }

        if (announcement is not null)
        {
            await PostgreSqlNotificationQueue.AppendAsync(connection, transaction, announcement, cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        StoreFaults.Hit(StoreFaults.PromotionCompletionCommitted);
        return true;
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
