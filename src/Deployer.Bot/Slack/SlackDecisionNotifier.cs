using Deployer.Bot.ChatOps.Announcing;
using Deployer.Bot.ChatOps.Rendering;
using Deployer.Core.Decisions;
using Deployer.Core.Manifests;
using Deployer.Core.Ports;
using Deployer.Core.Releases;

namespace Deployer.Bot.Slack;

/// <summary>
/// One channel message per pending diff (pair + upstream commit): posted when the diff appears, updated in place as its
/// checks change, marked promoted or failed at the end with the platform's result in its thread.
/// </summary>
internal sealed class SlackDecisionNotifier(IChannelAnnouncer announcer, IManifestCatalog catalog, TimeProvider time) : IDecisionNotifier
{
    public static string KeyFor(string pairKey, string? commit) => $"decision:{pairKey}:{commit ?? "none"}";

    public async Task DecisionChangedAsync(PairDecision? previous, PairDecision current, CancellationToken cancellationToken)
    {
        if (catalog.Find(current.Service)?.Slack.Channel is not { Length: > 0 } channel)
        {
            return;
        }

        var now = time.GetUtcNow();
        if (previous is { Kind: not (DecisionKind.InSync or DecisionKind.Promoted) } && !SameCommit(previous, current))
        {
            // The upstream moved on (or vanished): close the old diff's message so nobody waits on it.
            var newer = current.Kind == DecisionKind.InSync ? "nothing (in sync)" : current.Upstream?.ShortCommit ?? "an unreadable release";
            await announcer.UpsertAsync(channel, KeyFor(previous.PairKey, previous.Commit), DecisionBlocks.Render(previous, now, newer), cancellationToken);
        }

        if (current.Kind == DecisionKind.InSync)
        {
            if (previous is { Kind: not (DecisionKind.InSync or DecisionKind.Promoted) } && SameCommit(previous, current))
            {
                await announcer.UpsertAsync(channel, KeyFor(current.PairKey, current.Commit), DecisionBlocks.Render(current, now), cancellationToken);
            }

            return;
        }

        var key = KeyFor(current.PairKey, current.Commit);
        await announcer.UpsertAsync(channel, key, DecisionBlocks.Render(current, now), cancellationToken);
        if (current.Kind is DecisionKind.Promoted or DecisionKind.Failed)
        {
            await announcer.ReplyAsync(channel, key, DecisionBlocks.Result(current), cancellationToken);
        }
    }

    private static bool SameCommit(PairDecision a, PairDecision b) =>
        a.Commit is null ? b.Commit is null : b.Commit is not null && Release.CommitsMatch(a.Commit, b.Commit);
}
