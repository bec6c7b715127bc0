using System.Collections.Concurrent;
using Deployer.Core.Audit;
using Deployer.Core.Decisions;
using Deployer.Core.Events;
using Microsoft.Extensions.Logging;

namespace Deployer.Core.Engine;

/// <summary>
/// The newest decision of every pair, in memory (hydrated once from the store), and the one place a changed decision
/// is stored (with its announcement), audited and published. A decision that did not change is kept in memory only.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001:Types that own disposable fields should be disposable", Justification = "_hydrate is a SemaphoreSlim(1, 1) used only through WaitAsync/Release: it never allocates a wait handle, so Dispose frees nothing, and a lifetime singleton would risk ObjectDisposedException during shutdown")]
internal sealed class DecisionLog(EngineState state, ILogger logger, ChangeLists? changes = null)
{
    private readonly ConcurrentDictionary<string, PairDecision> _latest = new(StringComparer.OrdinalIgnoreCase);
    private readonly SemaphoreSlim _hydrate = new(1, 1);
    private bool _hydrated;

    public IReadOnlyList<PairDecision> All => [.. _latest.Values];

    public PairDecision? Latest(string pairKey) => _latest.TryGetValue(pairKey, out var d) ? d : null;

    /// <summary>Keeps the newest decision; stores, audits and announces it only when it differs from the last one.</summary>
    public async Task<bool> RecordAsync(PairDecision decision, CancellationToken cancellationToken)
    {
        var previous = Latest(decision.PairKey);
        _latest[decision.PairKey] = decision;
        if (previous is not null && previous.Signature == decision.Signature && previous.Detail == decision.Detail)
        {
            return false;
        }

        // The decision and its announcement are stored in one transaction: a crash cannot keep one without the other.
        var change = await WithChangesAsync(DecisionChanged.Of(previous, decision));
        await state.Decisions.SaveAsync(change, cancellationToken);
        await state.Audit.AppendAsync(new AuditEntry
        {
            At = decision.At,
            Service = decision.Service,
            Kind = AuditKind.Decision,
            Actor = "engine",
            Pair = decision.PairLabel,
            Commit = decision.Upstream?.ShortCommit,
            Summary = DecisionText.OneLine(decision),
        }, cancellationToken);
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
