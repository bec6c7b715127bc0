using Deployer.Bot.ChatOps.Commands;
using Deployer.Bot.ChatOps.Modals;
using Deployer.Bot.ChatOps.Rendering;
using Deployer.Bot.Notifications.Slack;
using Deployer.Core.Commands;
using Deployer.Core.Decisions;
using Deployer.Core.Engine;
using Microsoft.Extensions.Logging;

namespace Deployer.Bot.ChatOps.Buttons;

/// <summary>
/// A click on a decision message's button (issue 16). First: is the message still current (the engine's newest
/// decision for the pair has the commit and kind the button was rendered for)? If not, the presser hears "out of date"
/// and the message is replaced with the current rendering. Then each button takes its typed verb's path: Resume is
/// <c>resume</c>, Hold…/Force promote…/Roll back… are authorized now and open a modal whose submission runs
/// <c>hold</c>/<c>force</c>/<c>rollback</c>; Details reads memory; Retry is <see cref="PairRetry"/>.
/// </summary>
internal sealed class DecisionButtonHandler(
    PromotionEngine engine, CommandHandler commands, ButtonAuthorization authorization, PairRetry retry,
    ModalOpener modals, TimeProvider time, ILogger<DecisionButtonHandler> logger)
{
    public async Task<ButtonReply> PressAsync(Caller caller, DecisionClick click, CancellationToken cancellationToken)
    {
        if (DecisionButton.Parse(click.Value) is not { } button || engine.Catalog.Find(button.Service) is not { } manifest || manifest.FindStage(button.To) is null)
        {
            logger.LogWarning("Decision button {Action} with an unusable value {Value}", click.ActionId, click.Value);
            return new ButtonReply(Replies.Failure("This button no longer matches a loaded service and stage; use `status` to see where things are."));
        }

        var current = engine.Latest(button.PairKey);
        if (!button.Matches(current))
        {
            return Stale(button, current);
        }

        switch (click.ActionId)
        {
            case DecisionActions.Details:
                return new ButtonReply(DecisionDetails.Render(current!, time.GetUtcNow()));
            case DecisionActions.Resume:
                // The resume verb for the hold's own scope (a whole-pipeline hold is lifted whole, as `resume router` would).
                var resume = new ChatCommand(CommandVerb.Resume) { Manifest = manifest, Stage = current!.Hold is { } h ? h.Stage : button.To };
                return new ButtonReply(await commands.ExecuteAsync(caller, resume, cancellationToken));
            case DecisionActions.Retry:
                return new ButtonReply(await retry.RetryAsync(caller, manifest, button, cancellationToken));
            case DecisionActions.Hold or DecisionActions.Force or DecisionActions.Rollback:
                var verb = click.ActionId switch { DecisionActions.Hold => "hold", DecisionActions.Force => "force", _ => "rollback" };
                if (await authorization.RefusalAsync(caller, manifest, verb, button.To, cancellationToken) is { } refusal)
                {
                    return new ButtonReply(Replies.Refusal(refusal));
                }

                return new ButtonReply(await modals.OpenAsync(click, manifest, current!, button, cancellationToken));
            default:
                logger.LogInformation("Ignoring decision action {Action}", click.ActionId);
                return new ButtonReply(Replies.Failure($"Unknown action `{click.ActionId}`."));
        }
    }

    private ButtonReply Stale(DecisionButton button, PairDecision? current)
    {
        var was = $"`{(button.Commit is { Length: > 7 } c ? c[..7] : button.Commit ?? "no commit")}` {SlackFormat.Label(button.Kind)}";
        if (current is null)
        {
            return new ButtonReply(Replies.Text($"⌛ This message is out of date: it was about {was}, and the engine has no current decision for {button.Service} {button.From}→{button.To}. Nothing was done."));
        }

        var now = $"`{current.Upstream?.ShortCommit ?? "no commit"}` {SlackFormat.Label(current.Kind)}";
        return new ButtonReply(
            Replies.Text($"⌛ This message is out of date: it was about {was}; {button.Service} {button.From}→{button.To} is {now} now. Nothing was done; the message now shows the current state."),
            DecisionBlocks.Render(current, time.GetUtcNow()));
    }
}
