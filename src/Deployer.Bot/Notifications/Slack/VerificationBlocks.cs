using Deployer.Bot.ChatOps.Commands;
using System.Text.Json;
using Deployer.Bot.ChatOps.Rendering;
using Deployer.Core.Decisions;
using Deployer.Core.Events;
using Deployer.Core.Manifests;
using Deployer.Core.Verification;
using Deployer.Slack.BlockKit;

namespace Deployer.Bot.Notifications.Slack;

/// <summary>
/// The channel messages of verification (issue 15). A failure is its own message, with the failing check, what was
/// done (held, rolling back) and two buttons: <b>Roll back</b> (<see cref="RollbackAction"/>, danger, with a confirm
/// dialog) and <b>Keep</b> (<see cref="KeepAction"/>), each with the value <c>{"service","stage","commit"}</c>. Verified
/// and superseded windows reply in the thread of the promotion's message.
/// </summary>
internal static class VerificationBlocks
{
    public const string RollbackAction = VerificationButton.RollbackAction;
    public const string KeepAction = VerificationButton.KeepAction;

    public static string FailureKey(StageVerification v) => $"verification:{v.Key}:{v.Commit}";

    public static IReadOnlyList<SlackCall> Render(string channel, DeployerEvent deployerEvent) => deployerEvent switch
    {
        VerificationFailed f => [new SlackCall(SlackCallKind.Upsert, channel, FailureKey(f.Verification), Failed(f))],
        Verified v => [Thread(channel, v.Verification, $"✅ `{v.Verification.ShortCommit}` verified in *{v.Verification.Stage}*: healthy for {Core.Checks.Reasons.Duration(v.Verification.For)}" +
            (v.Verification.UnknownFor > TimeSpan.Zero ? $" (extended by {Core.Checks.Reasons.Duration(v.Verification.UnknownFor)} while checks were unknown)" : "") +
            $". Promotions out of {v.Verification.Stage} may go on.")],
        VerificationSuperseded s => [Thread(channel, s.Verification, $"⏭️ Verification of `{s.Verification.ShortCommit}` in *{s.Verification.Stage}* ended early: {SlackFormat.Escape(s.Verification.Reason ?? "superseded")} (not a failure).")],
        _ => [],
    };

    /// <summary>The failure message: what failed, what the bot did, and the two buttons.</summary>
    public static SlackMessage Failed(VerificationFailed f)
    {
        var v = f.Verification;
        var done = f.OnFailure == VerifyFailureAction.Rollback
            ? $"*{v.Stage}* is held (by deployer, until someone resumes it) and is being rolled back."
            : $"*{v.Stage}* is held (by deployer, until someone resumes it). Roll it back, or keep the release running.";
        var value = ButtonValue(v);
        var blocks = new List<Block>
        {
            new SectionBlock($"🚨 *{v.Service}* `{v.ShortCommit}` failed verification in *{v.Stage}* ({v.From} → {v.Stage}, {SlackFormat.Time(f.At)})"),
            new SectionBlock($"❌ *{SlackFormat.Escape(f.Check)}*: {SlackFormat.Escape(f.CheckReason)}"),
            new SectionBlock(done),
            new ContextBlock($"`{v.ShortCommit}` is rejected for {v.Stage}: no cycle promotes it there again unless it is force-promoted or a different commit arrives upstream · " +
                $"resume with `/deployer resume {v.Service} {v.Stage}`"),
            new ActionsBlock(
            [
                new ButtonElement("Roll back", RollbackAction, value, ButtonStyle.Danger, new ConfirmDialog(
                    $"Roll back {v.Stage}?",
                    $"Every target of {v.Service} {v.Stage} returns to the release it ran before `{v.ShortCommit}` was promoted. The stage stays held.",
                    "Roll back", "Cancel", ButtonStyle.Danger)),
                new ButtonElement("Keep", KeepAction, value),
            ], blockId: $"verification:{v.Key}"),
        };
        var text = $"{v.Service} {v.ShortCommit} failed verification in {v.Stage}: {f.Check}: {f.CheckReason}";
        return new SlackMessage(text, blocks);
    }

    /// <summary><c>{"service":"router","stage":"production","commit":"4f2a1c0…"}</c>: what the buttons act on.</summary>
    public static string ButtonValue(StageVerification v) =>
        new VerificationButton(v.Service, v.Stage, v.Commit).Value();

    private static SlackCall Thread(string channel, StageVerification v, string text) =>
        new(SlackCallKind.Reply, channel, SlackRenderer.DecisionKey(PairDecision.KeyFor(v.Service, v.From, v.Stage), v.Commit),
            new SlackMessage(text, [new SectionBlock(text)]));
}
