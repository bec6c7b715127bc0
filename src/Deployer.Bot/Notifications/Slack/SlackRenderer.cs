using Deployer.Bot.ChatOps.Rendering;
using Deployer.Core.Commands;
using Deployer.Core.Decisions;
using Deployer.Core.Events;
using Deployer.Core.Manifests;
using Deployer.Core.Releases;
using Microsoft.Extensions.Logging;

namespace Deployer.Bot.Notifications.Slack;

/// <summary>
/// Renders an event as the Slack calls it needs in its service's channel. A decision keeps one message per pending
/// diff (pair + upstream commit): posted when the diff appears, updated as its checks change, marked promoted or
/// failed at the end with the platform's result in its thread. A force request keeps one message, updated in place.
/// </summary>
/// <remarks>
/// A failed promotion, a failed verification and a pair blocked too long also mention the service's people in the
/// decision message's thread (<see cref="MentionBlocks"/>). With <c>slack.threadUpdates: false</c> the thread stays
/// quiet: replies are dropped (the decision message itself shows how it ended) and mentions are posted in the channel.
/// </remarks>
internal sealed class SlackRenderer(IManifestCatalog catalog, ILogger<SlackRenderer> logger, IGroupHandles? groups = null, ApproverDirectory? approvers = null)
{
    public static string DecisionKey(string pairKey, string? commit) => $"decision:{pairKey}:{commit ?? "none"}";

    public static string ForceRequestKey(string requestId) => $"force:{requestId}";

    /// <summary>True when some manifest mentions a user group by <c>@handle</c> (so the handle directory is worth reading).</summary>
    public bool MentionsHandles => groups is not null && catalog.All.Any(m => m.FailureMentions.Any(Mentions.IsHandle));

    public IReadOnlyList<SlackCall> Render(DeployerEvent deployerEvent)
    {
        var manifest = catalog.Find(deployerEvent.Service);
        if (manifest?.Slack.Channel is not { Length: > 0 } channel)
        {
            if (deployerEvent is ForceRequestChanged f)
            {
                logger.LogWarning("{Service} has no Slack channel; force-promote request {Request} is not announced there", f.Service, f.Request.Id);
                return DirectMessages(f);
            }

            return [];
        }

        IReadOnlyList<SlackCall> calls =
        [
            .. Calls(channel, deployerEvent),
            .. MentionBlocks.Calls(manifest, channel, deployerEvent, groups is null ? null : groups.GroupIdFor),
            .. deployerEvent is ForceRequestChanged request ? DirectMessages(request) : [],
        ];
        return manifest.Slack.ThreadUpdates ? calls : Quiet(calls);
    }

    private IReadOnlyList<SlackCall> DirectMessages(ForceRequestChanged change) =>
        approvers is null ? [] : ApproverMessages.Calls(change.Request, approvers.Users);

    /// <summary><c>slack.threadUpdates: false</c>: no replies; a mention goes to the channel as its own message.</summary>
    private static List<SlackCall> Quiet(IReadOnlyList<SlackCall> calls) =>
        [.. calls
            .Where(c => c.Mention || c.Kind is not (SlackCallKind.Reply or SlackCallKind.ReplyIfPosted))
            .Select(c => c.Mention ? c with { Kind = SlackCallKind.Post, Key = "" } : c)];

    private static IReadOnlyList<SlackCall> Calls(string channel, DeployerEvent deployerEvent)
    {
        return deployerEvent switch
        {
            DecisionChanged d => Decision(channel, d),
            HoldPlaced p => [Post(channel, Replies.HoldPlaced(new HoldChange(p.Service, p.Hold.Stage, p.Hold, p.Replaced), p.Hold.By))],
            HoldLifted l => [Post(channel, Replies.HoldLifted(new HoldChange(l.Service, l.Stage, null, l.Lifted), l.By))],
            HoldExpired e => [Post(channel, Replies.HoldExpired(e.Hold))],
            ForceRequestChanged f => [new SlackCall(SlackCallKind.Upsert, channel, ForceRequestKey(f.Request.Id), ForceRequestBlocks.Render(f.Request))],
            ManifestNotLoaded m => [Post(channel, Replies.Text(ChannelText.ManifestNotLoaded(m)))],
            RollbackStarted or RollbackCompleted => RollbackBlocks.Calls(channel, deployerEvent),
            PromotionSettled s => [new SlackCall(SlackCallKind.ReplyIfPosted, channel, DecisionKey(PairDecision.KeyFor(s.Service, s.From, s.To), s.Commit), SettledMessage(s))],
            VerificationFailed or Verified or VerificationSuperseded => VerificationBlocks.Render(channel, deployerEvent),
            _ => [],
        };
    }

    private static List<SlackCall> Decision(string channel, DecisionChanged change)
    {
        var (previous, current) = (change.Previous, change.Current);
        var now = change.At;
        var calls = new List<SlackCall>();
        if (previous is { Kind: not (DecisionKind.InSync or DecisionKind.Promoted) } && !SameCommit(previous, current))
        {
            // The upstream moved on (or vanished): close the old diff's message so nobody waits on it.
            var newer = current.Kind == DecisionKind.InSync ? "nothing (in sync)" : current.Upstream?.ShortCommit ?? "an unreadable release";
            calls.Add(new SlackCall(SlackCallKind.Upsert, channel, DecisionKey(previous.PairKey, previous.Commit), DecisionBlocks.Render(previous, now, newer, change.PreviousChanges)));
        }

        if (current.Kind == DecisionKind.InSync)
        {
            if (previous is { Kind: not (DecisionKind.InSync or DecisionKind.Promoted) } && SameCommit(previous, current))
            {
                calls.Add(new SlackCall(SlackCallKind.Upsert, channel, DecisionKey(current.PairKey, current.Commit), DecisionBlocks.Render(current, now)));
            }

            return calls;
        }

        var key = DecisionKey(current.PairKey, current.Commit);
        calls.Add(new SlackCall(SlackCallKind.Upsert, channel, key, DecisionBlocks.Render(current, now, changes: change.Changes)));
        if (current.Kind is DecisionKind.Promoted or DecisionKind.Failed)
        {
            calls.Add(new SlackCall(SlackCallKind.Reply, channel, key, DecisionBlocks.Result(current)));
        }

        return calls;
    }

    private static SlackCall Post(string channel, Deployer.Slack.BlockKit.SlackMessage message) => new(SlackCallKind.Post, channel, "", message);

    private static bool SameCommit(PairDecision a, PairDecision b) =>
        a.Commit is null ? b.Commit is null : b.Commit is not null && Release.CommitsMatch(a.Commit, b.Commit);

    /// <summary>How a promotion its node left open ended, in the thread of its decision message.</summary>
    internal static Deployer.Slack.BlockKit.SlackMessage SettledMessage(PromotionSettled s)
    {
        var (icon, what) = s.Outcome switch
        {
            Deployer.Core.Promotions.PromotionOutcome.Succeeded => ("✅", "is live"),
            Deployer.Core.Promotions.PromotionOutcome.Failed => ("💥", "failed"),
            _ => ("⚠️", "was abandoned (not run again)"),
        };
        var text = $"{icon} `{s.ShortCommit}` {what} on {SlackFormat.Escape(string.Join(", ", s.Targets))}, settled after a restart: {SlackFormat.Escape(s.Message)}";
        return new Deployer.Slack.BlockKit.SlackMessage($"{s.Service} {s.From}→{s.To} {s.ShortCommit} {what} (settled after a restart)", [new Deployer.Slack.BlockKit.SectionBlock(text)]);
    }
}
