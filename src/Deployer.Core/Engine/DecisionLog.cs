using System.Collections.Concurrent;
using Deployer.Core.Audit;
using Deployer.Core.Decisions;
using Deployer.Core.Events;
using Microsoft.Extensions.Logging;

namespace Deployer.Core.Engine;

/// <summary>
/// The newest decision of every pair, in memory (hydrated once from the store), and the one place a changed decision
/// is stored (with its announcement), audited and published. A decision that did not change is kept in memory only.
/// A promotion's result is announced by the ledger's completion instead (<see cref="PrepareAsync"/>, <see cref="Queued"/>):
/// the outcome and its "is live" or "failed" reply are one transaction, and the decision row follows without queueing it again.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001:Types that own disposable fields should be disposable", Justification = "_hydrate is a SemaphoreSlim(1, 1) used only through WaitAsync/Release: it never allocates a wait handle, so Dispose frees nothing, and a lifetime singleton would risk ObjectDisposedException during shutdown")]
internal sealed class DecisionLog(EngineState state, ILogger logger, ChangeLists? changes = null)
{
    private readonly ConcurrentDictionary<string, PairDecision> _latest = new(StringComparer.OrdinalIgnoreCase);

    // Per pair: the announcement a ledger completion queued for the decision about to be recorded.
    private readonly ConcurrentDictionary<string, DecisionChanged> _queued = new(StringComparer.OrdinalIgnoreCase);
    private readonly SemaphoreSlim _hydrate = new(1, 1);
    private bool _hydrated;

    public IReadOnlyList<PairDecision> All => [.. _latest.Values];

    public PairDecision? Latest(string pairKey) => _latest.TryGetValue(pairKey, out var d) ? d : null;

    /// <summary>Keeps the newest decision; stores, audits and announces it only when it differs from the last one.</summary>
    /// <remarks>
    /// A decision whose announcement the ledger already queued (<see cref="Queued"/>) is stored without it, and still
    /// counts as changed.
    /// </remarks>
    public async Task<bool> RecordAsync(PairDecision decision, CancellationToken cancellationToken)
    {
        var previous = Latest(decision.PairKey);
        _latest[decision.PairKey] = decision;
        var queued = TakeQueued(decision);
        if (queued is null && Unchanged(previous, decision))
        {
            return false;
        }

        // The decision, its announcement and its audit entry are stored in one transaction: a crash keeps all or none.
        var audit = new AuditEntry
        {
            At = decision.At,
            Service = decision.Service,
            Kind = AuditKind.Decision,
            Actor = "engine",
            Pair = decision.PairLabel,
            Commit = decision.Upstream?.ShortCommit,
            Summary = DecisionText.OneLine(decision),
        };
        DecisionChanged change;
        if (queued is not null)
        {
            change = queued;
            await state.Decisions.KeepAsync(decision, audit, cancellationToken);
        }
        else
        {
            change = await WithChangesAsync(DecisionChanged.Of(previous, decision));
            await state.Decisions.SaveAsync(change, audit, cancellationToken);
        }

        try
        {
            await state.Events.PublishAsync(change, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Still queued: the next delivery pass sends it.
            logger.LogError(ex, "Publishing the decision change of {Pair} failed", decision.PairKey);
        }

        return true;
    }

    /// <summary>
    /// The announcement recording <paramref name="decision"/> would queue (with its change lists, exactly as
    /// <see cref="RecordAsync"/> builds it), or null when it changes nothing. Remembers nothing: a promotion hands it to
    /// the ledger's completion and calls <see cref="Queued"/> once that committed.
    /// </summary>
    public async Task<DecisionChanged?> PrepareAsync(PairDecision decision)
    {
        var previous = Latest(decision.PairKey);
        return Unchanged(previous, decision) ? null : await WithChangesAsync(DecisionChanged.Of(previous, decision));
    }

    /// <summary>
    /// <paramref name="change"/> was queued with the ledger's completion: recording its very decision stores the row
    /// without queueing it again (a crash in between loses no announcement; the row is decided afresh after a restart).
    /// </summary>
    public void Queued(DecisionChanged change) => _queued[change.Current.PairKey] = change;

    /// <summary>Pairs with an announcement queued for a decision not recorded yet.</summary>
    internal int QueuedCount => _queued.Count;

    /// <summary>The announcement queued for this very decision (taken), or null (another decision of the pair leaves it).</summary>
    private DecisionChanged? TakeQueued(PairDecision decision) =>
        _queued.TryGetValue(decision.PairKey, out var change) && ReferenceEquals(change.Current, decision)
            && _queued.TryRemove(KeyValuePair.Create(decision.PairKey, change))
            ? change
            : null;

    private static bool Unchanged(PairDecision? previous, PairDecision decision) =>
        previous is not null && previous.Signature == decision.Signature && previous.Detail == decision.Detail;

    /// <summary>The announcement with its change lists (never a reason to hold up a promotion: see <see cref="ChangeLists.ForAsync"/>).</summary>
    private async Task<DecisionChanged> WithChangesAsync(DecisionChanged change)
    {
        if (changes is null)
        {
            return change;
        }

        return change with
        {
            // A promoted decision's downstream runs the upstream commit already: its list is the one of the diff it closed.
            Changes = await changes.ForAsync(change.Current)
                ?? (change.Current.Kind != DecisionKind.InSync && change.Previous?.Commit == change.Current.Commit ? changes.Cached(change.Previous) : null),
            PreviousChanges = changes.Cached(change.Previous),
        };
    }

    /// <summary>Loads the stored decisions once, so a restart does not re-announce what did not change.</summary>
    public async Task HydrateAsync(CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _hydrated))
        {
            return;
        }

        await _hydrate.WaitAsync(cancellationToken);
        try
        {
            if (!_hydrated)
            {
                foreach (var decision in await state.Decisions.GetAllAsync(null, cancellationToken))
                {
                    _latest.TryAdd(decision.PairKey, decision);
                }

                Volatile.Write(ref _hydrated, true);
            }
        }
        finally
        {
            _hydrate.Release();
        }
    }
}
