using Deployer.Bot.ChatOps.Rendering;
using Deployer.Core.Commands;
using Deployer.Core.Decisions;
using Deployer.Core.Engine;
using Deployer.Core.Manifests;
using Deployer.Core.Promotions;
using Deployer.Core.Releases;
using Deployer.Slack.BlockKit;

namespace Deployer.Bot.ChatOps.Buttons;

/// <summary>
/// The <b>Retry</b> button of a failed promotion. The engine never retries a failed commit by itself (it would hammer
/// the platform), so a person who fixed the cause asks for it: the pair is evaluated now, and only when every check
/// passes is the same commit promoted again, through the engine like any promotion (intent first, audited with the
/// presser as actor, announced). Retry bypasses nothing; a blocked pair answers why and points at Force promote.
/// Authorized like hold and rollback (Operators and the service's owners); refusals are audited.
/// </summary>
internal sealed class PairRetry(PromotionEngine engine, AuthorizationPolicy policy, CommandAudit audit)
{
    public async Task<SlackMessage> RetryAsync(Caller caller, ServiceManifest manifest, DecisionButton button, CancellationToken cancellationToken)
    {
        var action = $"retry {manifest.Service} {button.From}→{button.To}";
        var permission = await policy.CanHoldAsync(caller, manifest, "retry a promotion of", cancellationToken);
        if (!permission.Allowed)
        {
            await audit.RefusalAsync(caller, manifest.Service, action, permission.Refusal!, cancellationToken);
            return Replies.Refusal(permission.Refusal!);
        }

        var now = await engine.EvaluatePairAsync(manifest, button.To, cancellationToken);
        var wanted = button.Commit is { Length: > 7 } c ? c[..7] : button.Commit;
        if (button.Commit is null || now.Commit is null || !Release.CommitsMatch(now.Commit, button.Commit))
        {
            return Replies.Text($"Not retried: {manifest.Service} {button.From} now runs `{now.Upstream?.ShortCommit ?? "nothing readable"}`, not `{wanted}`; the engine decides about it by itself at the next cycle.");
        }

        if (now.Kind != DecisionKind.Promote)
        {
            var why = now.Kind == DecisionKind.Blocked
                ? string.Join("; ", now.BlockingChecks.Select(DecisionText.Check))
                : now.Kind == DecisionKind.Held ? now.Hold?.Reason ?? "held" : SlackFormat.Label(now.Kind);
            return Replies.Text($"Not retried: {manifest.Service} {now.PairLabel} `{now.Upstream?.ShortCommit}` is {SlackFormat.Label(now.Kind)} now ({SlackFormat.Escape(why)}). *Force promote…* bypasses failing checks with approvals.");
        }

        var result = await engine.ForcePromoteAsync(now, PromotionTrigger.Automatic, caller.UserId, $"Retry button pressed by {caller.UserId}: every check passes", cancellationToken);
        return result.Kind switch
        {
            DecisionKind.Promoted => Replies.Text($"🎉 Retried: `{result.Upstream?.ShortCommit}` is live on {SlackFormat.Escape(string.Join(", ", result.TargetsToPromote))}."),
            DecisionKind.Promoting => Replies.Text($"Not retried: {SlackFormat.Escape(result.Detail ?? "a promotion of this pair is in flight")}."),
            _ => Replies.Text($"💥 Retried, and it failed again: {SlackFormat.Mentions(SlackFormat.Escape(result.Detail ?? "no detail"))}"),
        };
    }
}
