using Deployer.Bot.ChatOps.Rendering;
using Deployer.Core.Decisions;
using Deployer.Core.Events;
using Deployer.Slack.BlockKit;

namespace Deployer.Bot.Notifications.Slack;

/// <summary>
/// A rollback's Slack calls: a message in the service channel, and the same in the thread of the undone promotion's
/// decision message when the outbox posted one (keyed by pair and promoted commit).
/// </summary>
internal static class RollbackBlocks
{
    public static IReadOnlyList<SlackCall> Calls(string channel, DeployerEvent deployerEvent)
    {
        var (facts, message) = deployerEvent switch
        {
            RollbackStarted s => (s.Rollback, Started(s)),
            RollbackCompleted c => (c.Rollback, Completed(c)),
            _ => (null, null),
        };
        if (facts is null || message is null)
        {
            return [];
        }

        var promotion = SlackRenderer.DecisionKey(PairDecision.KeyFor(facts.Service, facts.FromStage, facts.Stage), facts.PromotionCommit);
        return
        [
            new SlackCall(SlackCallKind.Post, channel, "", message),
            new SlackCall(SlackCallKind.ReplyIfPosted, channel, promotion, message),
        ];
    }

    public static SlackMessage Started(RollbackStarted e)
    {
        var r = e.Rollback;
        var text = $"⏪ {SlackFormat.User(r.Actor)} is rolling back *{r.Service} {r.Stage}*: `{r.FromShort}` → `{r.ToShort}` on {SlackFormat.Escape(r.TargetList)}";
        return new SlackMessage(
            $"Rolling back {r.Service} {r.Stage}: {r.FromShort} → {r.ToShort} ({r.Actor})",
            [new SectionBlock($"{text}\n> {SlackFormat.Escape(r.Reason)}"), new ContextBlock("The stage stays held until someone resumes it.")]);
    }

    public static SlackMessage Completed(RollbackCompleted e)
    {
        var r = e.Rollback;
        var restart = e.AfterRestart ? " (settled after a restart)" : "";
        var text = e.Succeeded
            ? $"✅ Rolled back *{r.Service} {r.Stage}* to `{r.ToShort}` (was `{r.FromShort}`) on {SlackFormat.Escape(r.TargetList)}{restart}"
            : $"💥 Rollback of *{r.Service} {r.Stage}* (`{r.FromShort}` → `{r.ToShort}`) did not complete{restart}: {SlackFormat.Escape(e.Message)}";
        return new SlackMessage(
            e.Succeeded ? $"Rolled back {r.Service} {r.Stage} to {r.ToShort}" : $"Rollback of {r.Service} {r.Stage} did not complete: {e.Message}",
            [new SectionBlock(text), new ContextBlock($"Asked by {SlackFormat.User(r.Actor)}: {SlackFormat.Escape(r.Reason)} · the stage stays held until someone resumes it (`resume {r.Service} {r.Stage}`)")]);
    }
}
