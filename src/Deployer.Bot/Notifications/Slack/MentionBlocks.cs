using Deployer.Bot.ChatOps.Rendering;
using Deployer.Core.Checks;
using Deployer.Core.Decisions;
using Deployer.Core.Events;
using Deployer.Core.Manifests;
using Deployer.Slack.BlockKit;

namespace Deployer.Bot.Notifications.Slack;

/// <summary>
/// The mentions of a service's people (<see cref="ServiceManifest.FailureMentions"/>) when a promotion fails, a verification
/// fails, or a pair stays blocked too long: one reply in the thread of the decision message, worded to stand on its own
/// (with <c>slack.threadUpdates: false</c> it is posted in the channel instead). Nobody to mention: no call.
/// </summary>
internal static class MentionBlocks
{
    public static IReadOnlyList<SlackCall> Calls(ServiceManifest manifest, string channel, DeployerEvent deployerEvent, Func<string, string?>? groupIdForHandle)
    {
        var (key, what) = deployerEvent switch
        {
            DecisionChanged { Current: { Kind: DecisionKind.Failed } d } =>
                (SlackRenderer.DecisionKey(d.PairKey, d.Commit), $"*{d.Service}* {d.From} → {d.To} `{d.Upstream?.ShortCommit}`: the promotion failed: {SlackFormat.Escape(d.Detail ?? "no reason given")}"),
            VerificationFailed f =>
                (SlackRenderer.DecisionKey(PairDecision.KeyFor(f.Service, f.Verification.From, f.Verification.Stage), f.Verification.Commit),
                 $"*{f.Service}* `{f.Verification.ShortCommit}` failed verification in *{f.Verification.Stage}*: {SlackFormat.Escape(f.Check)}: {SlackFormat.Escape(f.CheckReason)}"),
            BlockedTooLong b =>
                (SlackRenderer.DecisionKey(b.PairKey, b.Commit),
                 $"*{b.Service}* {b.From} → {b.To} `{b.ShortCommit}` has been blocked by *{SlackFormat.Escape(b.Check)}* for {Reasons.Duration(b.At - b.Since)}: {SlackFormat.Escape(b.Reason)}"),
            _ => (null, null),
        };
        if (key is null || what is null || Mentions.Slack(manifest.FailureMentions, groupIdForHandle) is not { Length: > 0 } who)
        {
            return [];
        }

        var text = Truncate($"🔔 {who} {what}");
        return [new SlackCall(SlackCallKind.Reply, channel, key, new SlackMessage(text, [new SectionBlock(text)]), Mention: true)];
    }

    /// <summary>A section's text is at most 3000 characters; a long reason is cut, the mentions (first) are kept.</summary>
    private static string Truncate(string text) => text.Length <= 3000 ? text : string.Concat(text.AsSpan(0, 2999), "…");
}
