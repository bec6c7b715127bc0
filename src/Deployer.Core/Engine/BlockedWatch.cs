using System.Collections.Concurrent;
using Deployer.Core.Checks;
using Deployer.Core.Decisions;
using Deployer.Core.Events;
using Microsoft.Extensions.Logging;

namespace Deployer.Core.Engine;

/// <summary>
/// Notices a pair blocked by the same failing check on the same upstream commit for longer than
/// <see cref="EngineOptions.BlockedMentionAfter"/> and queues one <see cref="BlockedTooLong"/> per (pair, commit, check),
/// recorded with it in <see cref="EngineState.BlockedNotices"/> so no later cycle, node or restart repeats it.
/// </summary>
/// <remarks>
/// Counted: checks that fail or are unknown. Not counted: <c>hold</c> and <c>rejected</c> (people chose those), and a
/// result that says when it clears by itself (bake time, a closed window): waiting for it is the plan, not a problem.
/// "Since" lives in memory; after a restart it starts from the stored decision's time (never earlier than the truth).
/// </remarks>
internal sealed class BlockedWatch(EngineState state, EngineOptions options, ILogger logger)
{
    private readonly ConcurrentDictionary<string, Tracked> _pairs = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Without a store (tests, tools): the keys told in this process.</summary>
    private readonly ConcurrentDictionary<string, byte> _toldInMemory = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// Looks at <paramref name="current"/> (the decision just recorded; <paramref name="previous"/> the one before it, the
    /// stored one after a restart) and mentions what has blocked too long. Never throws for a store or notifier problem:
    /// it is tried again next cycle.
    /// </summary>
    public async Task ObserveAsync(PairDecision? previous, PairDecision current, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (current.Kind != DecisionKind.Blocked || current.Commit is not { } commit)
        {
            _pairs.TryRemove(current.PairKey, out _);
            return;
        }

        var blocking = Counted(current).ToList();
        var tracked = _pairs.AddOrUpdate(
            current.PairKey,
            _ => Seed(previous, current, commit),
            (_, old) => string.Equals(old.Commit, commit, StringComparison.OrdinalIgnoreCase) ? old : Seed(null, current, commit));
        var due = new List<(CheckResult Check, DateTimeOffset Since)>();
        lock (tracked)
        {
            foreach (var gone in tracked.Since.Keys.Where(k => !blocking.Any(b => b.Check == k)).ToList())
            {
                tracked.Since.Remove(gone);
                tracked.Told.Remove(gone);
            }

            foreach (var check in blocking)
            {
                if (!tracked.Since.TryGetValue(check.Check, out var since))
                {
                    tracked.Since[check.Check] = since = current.At;
                }

                if (now - since >= options.BlockedMentionAfter && !tracked.Told.Contains(check.Check))
                {
                    due.Add((check, since));
                }
            }
        }

        foreach (var (check, since) in due)
        {
            var notice = new BlockedTooLong
            {
                ServiceName = current.Service,
                From = current.From,
                To = current.To,
                Commit = commit,
                Check = check.Check,
                Reason = check.Reason,
                Since = since,
                At = now,
            };
            if (await TellAsync(notice, cancellationToken))
            {
                lock (tracked)
                {
                    tracked.Told.Add(check.Check);
                }
            }
        }
    }

    /// <summary>One result per check name (alerts give one per alert): the first blocking one, which the message shows first.</summary>
    private static IEnumerable<CheckResult> Counted(PairDecision decision) =>
        decision.BlockingChecks
            .Where(c => c.Check is not (CheckNames.Hold or CheckNames.Rejected) && c.ClearsAt is null)
            .DistinctBy(c => c.Check, StringComparer.Ordinal);

    /// <summary>
    /// A pair seen for the first time (or on a new commit). When the decision before it was already blocked on the same
    /// commit by a check (the stored one after a restart), that check has blocked at least since that decision.
    /// </summary>
    private static Tracked Seed(PairDecision? previous, PairDecision current, string commit)
    {
        var tracked = new Tracked(commit);
        if (previous is { Kind: DecisionKind.Blocked, Commit: { } before } && string.Equals(before, commit, StringComparison.OrdinalIgnoreCase))
        {
            foreach (var check in Counted(previous))
            {
                tracked.Since[check.Check] = previous.At;
            }
        }

        return tracked;
    }

    /// <summary>True once the notice is recorded (now, or by an earlier cycle, node or process).</summary>
    private async Task<bool> TellAsync(BlockedTooLong notice, CancellationToken cancellationToken)
    {
        bool recorded;
        try
        {
            recorded = state.BlockedNotices is { } store
                ? await store.TryRecordAsync(notice, cancellationToken)
                : _toldInMemory.TryAdd(notice.NoticeKey, 0);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            logger.LogError(ex, "Recording that {Pair} is blocked too long by {Check} failed; tried again next cycle", notice.PairKey, notice.Check);
            return false;
        }

        if (!recorded)
        {
            return true;
        }

        logger.LogInformation("{Pair} blocked by {Check} on {Commit} since {Since}: mentioning its owners", notice.PairKey, notice.Check, notice.ShortCommit, notice.Since);
        try
        {
            await state.Events.PublishAsync(notice, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Still queued with its record: the next delivery pass sends it.
            logger.LogError(ex, "Publishing that {Pair} is blocked too long failed", notice.PairKey);
        }

        return true;
    }

    private sealed class Tracked(string commit)
    {
        public string Commit { get; } = commit;
        public Dictionary<string, DateTimeOffset> Since { get; } = new(StringComparer.Ordinal);
        public HashSet<string> Told { get; } = new(StringComparer.Ordinal);
    }
}
