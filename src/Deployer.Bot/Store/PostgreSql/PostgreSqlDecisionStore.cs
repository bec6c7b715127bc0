using Deployer.Core.Audit;
using Deployer.Core.Decisions;
using Deployer.Core.Events;
using Deployer.Core.Ports;
using Npgsql;

namespace Deployer.Bot.Store.PostgreSql;

/// <summary>
/// <see cref="IDecisionStore"/> in PostgreSQL: one row per pair (lower-cased key), the decision as jsonb, written in one
/// transaction with its announcement (or alone, when the ledger's completion queued it).
/// </summary>
public sealed class PostgreSqlDecisionStore(NpgsqlDataSource dataSource) : IDecisionStore
{
    public async Task<PairDecision?> GetLastAsync(string pairKey, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(pairKey);
        var rows = await PgJson.ListAsync(dataSource, "SELECT doc FROM deployer_decisions WHERE pair_key = $1",
            r => PgJson.Read<PairDecision>(r, 0), cancellationToken, pairKey.ToLowerInvariant());
        return rows.FirstOrDefault();
    }

    public Task SaveAsync(DecisionChanged change, CancellationToken cancellationToken) => SaveAsync(change, null, cancellationToken);

    public Task SaveAsync(DecisionChanged change, AuditEntry? audit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(change);
        return WriteAsync(change.Current, audit, change, cancellationToken);
    }

    public Task KeepAsync(PairDecision decision, CancellationToken cancellationToken) => KeepAsync(decision, null, cancellationToken);

    public Task KeepAsync(PairDecision decision, AuditEntry? audit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(decision);
        return WriteAsync(decision, audit, null, cancellationToken);
    }

    /// <summary>The audit entry, the decision row and its announcement (when queued here), as one transaction.</summary>
    private async Task WriteAsync(PairDecision decision, AuditEntry? audit, DecisionChanged? announcement, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        if (audit is not null)
        {
            await PostgreSqlAuditLog.AppendAsync(connection, transaction, audit, cancellationToken);
        }

        await UpsertAsync(connection, transaction, decision, cancellationToken);
        if (announcement is not null)
        {
            StoreFaults.Hit(StoreFaults.DecisionSaved);
            await PostgreSqlNotificationQueue.AppendAsync(connection, transaction, announcement, cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
    }

    private static async Task UpsertAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, PairDecision decision, CancellationToken cancellationToken)
    {
        await using var upsert = new NpgsqlCommand("""
            INSERT INTO deployer_decisions (pair_key, service, kind, at, doc) VALUES ($1, $2, $3, $4, $5)
            ON CONFLICT (pair_key) DO UPDATE SET service = excluded.service, kind = excluded.kind, at = excluded.at, doc = excluded.doc
            """, connection, transaction);
        upsert.Parameters.Add(PgJson.Value(decision.PairKey.ToLowerInvariant()));
        upsert.Parameters.Add(PgJson.Value(decision.Service.ToLowerInvariant()));
        upsert.Parameters.Add(PgJson.Value(decision.Kind.ToString()));
        upsert.Parameters.Add(PgJson.Value(decision.At.ToUniversalTime()));
        upsert.Parameters.Add(PgJson.Parameter(decision));
        await upsert.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<PairDecision>> GetAllAsync(string? service, CancellationToken cancellationToken) =>
        service is null
            ? await PgJson.ListAsync(dataSource, "SELECT doc FROM deployer_decisions", r => PgJson.Read<PairDecision>(r, 0), cancellationToken)
            : await PgJson.ListAsync(dataSource, "SELECT doc FROM deployer_decisions WHERE service = $1", r => PgJson.Read<PairDecision>(r, 0), cancellationToken, service.ToLowerInvariant());
}
