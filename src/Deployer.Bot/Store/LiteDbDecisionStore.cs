using System.Text.Json;
using Deployer.Core.Audit;
using Deployer.Core.Decisions;
using Deployer.Core.Events;
using Deployer.Core.Ports;
using LiteDB;
using JsonSerializer = System.Text.Json.JsonSerializer;

namespace Deployer.Bot.Store;

/// <summary>
/// <see cref="IDecisionStore"/> in LiteDB: one document per pair, replaced on every change together with queueing its
/// announcement (or alone, when the ledger's completion queued it).
/// </summary>
public sealed class LiteDbDecisionStore : IDecisionStore
{
    public const string CollectionName = "decisions";
    private readonly ILiteCollection<DecisionDocument> _decisions;
    private readonly LiteDatabase _database;

    public LiteDbDecisionStore(LiteDatabase database)
    {
        ArgumentNullException.ThrowIfNull(database);
        _database = database;
        LiteDbNotificationQueue.Ensure(database);
        _decisions = database.GetCollection<DecisionDocument>(CollectionName);
        _decisions.EnsureIndex(d => d.Service);
    }

    public Task<PairDecision?> GetLastAsync(string pairKey, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(pairKey);
        var document = _decisions.FindById(pairKey.ToLowerInvariant());
        return Task.FromResult(document is null ? null : Read(document));
    }

    public Task SaveAsync(DecisionChanged change, CancellationToken cancellationToken) => SaveAsync(change, null, cancellationToken);

    public Task SaveAsync(DecisionChanged change, AuditEntry? audit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(change);
        Write(change.Current, audit, change);
        return Task.CompletedTask;
    }

    public Task KeepAsync(PairDecision decision, CancellationToken cancellationToken) => KeepAsync(decision, null, cancellationToken);

    public Task KeepAsync(PairDecision decision, AuditEntry? audit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(decision);
        Write(decision, audit, null);
        return Task.CompletedTask;
    }

    /// <summary>The audit entry, the decision row and its announcement (when queued here), in that order (see <see cref="LiteDbTransaction"/>), as one transaction.</summary>
    private void Write(PairDecision decision, AuditEntry? audit, DecisionChanged? announcement) =>
        LiteDbTransaction.Run(_database, () =>
        {
            if (audit is not null)
            {
                LiteDbAuditLog.Append(_database, audit);
            }

            Upsert(decision);
            if (announcement is not null)
            {
                StoreFaults.Hit(StoreFaults.DecisionSaved);
                LiteDbNotificationQueue.Append(_database, announcement);
            }
        });

    private void Upsert(PairDecision decision) =>
        _decisions.Upsert(new DecisionDocument
        {
            Id = decision.PairKey.ToLowerInvariant(),
            Service = decision.Service.ToLowerInvariant(),
            Kind = decision.Kind.ToString(),
            AtTicks = decision.At.UtcTicks,
            Json = JsonSerializer.Serialize(decision, StoreJson.Options),
        });

    public Task<IReadOnlyList<PairDecision>> GetAllAsync(string? service, CancellationToken cancellationToken)
    {
        var key = service?.ToLowerInvariant();
        var documents = key is null ? _decisions.FindAll() : _decisions.Find(d => d.Service == key);
        IReadOnlyList<PairDecision> decisions = documents.Select(Read).OfType<PairDecision>().ToList();
        return Task.FromResult(decisions);
    }

    private static PairDecision? Read(DecisionDocument document) =>
        JsonSerializer.Deserialize<PairDecision>(document.Json, StoreJson.Options);
}
