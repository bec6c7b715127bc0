using Deployer.Bot.ChatOps.Buttons;
using Deployer.Bot.ChatOps.Commands;
using Deployer.Bot.ChatOps.Rendering;
using Deployer.Core.Commands;
using Deployer.Core.Engine;
using Deployer.Core.Releases;
using Deployer.Slack.BlockKit;
using Deployer.Slack.Inbound;
using Deployer.Slack.WebApi;
using Microsoft.Extensions.Logging;

namespace Deployer.Bot.ChatOps.Modals;

/// <summary>
/// A submitted Hold… / Force promote… / Roll back… / Reject… modal. Within Slack's 3 s, from memory and the local
/// store: validate (errors shown under the field, the modal stays open), authorize again (a refusal is audited and shown
/// in the modal), check the pair did not move on. Then the modal closes and the verb runs in the background, exactly as
/// typed; its answer reaches the presser privately in the message's channel. The channel message itself follows
/// through the usual event and outbox path.
/// </summary>
internal sealed class ModalSubmissionHandler(
    PromotionEngine engine, CommandHandler commands, ButtonAuthorization authorization, IForceRequestStore requests,
    BackgroundWork background, ISlackApiClient slack, ILogger<ModalSubmissionHandler> logger)
{
    public async Task<ViewSubmissionResponse?> SubmitAsync(ViewSubmissionPayload submission, CancellationToken cancellationToken)
    {
        if (!DecisionModals.Handles(submission.CallbackId))
        {
            logger.LogInformation("Ignoring Slack view submission {CallbackId} from {User}", submission.CallbackId, submission.UserId);
            return null;
        }

        var caller = new Caller(submission.UserId);
        var context = ModalContext.Parse(submission.PrivateMetadata);
        if (context is null)
        {
            logger.LogWarning("View submission {CallbackId} with unusable private_metadata {Metadata}", submission.CallbackId, submission.PrivateMetadata);
            return Error(DecisionModals.Reason, "This form lost what it was about; close it and press the message's button again.");
        }

        if (submission.Get(DecisionModals.Reason, DecisionModals.Reason)?.Trim() is not { Length: > 0 } reason)
        {
            return Error(DecisionModals.Reason, "Say why: it is recorded in the audit log and shown in the channel.");
        }

        var (command, problem) = submission.CallbackId == DecisionModals.RejectCallback
            ? await RejectAsync(caller, context, reason, cancellationToken)
            : await PairCommandAsync(caller, context, submission, reason, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        background.Run($"{submission.CallbackId} by {caller.UserId}", async ct =>
        {
            var answer = await commands.ExecuteAsync(caller, command!, ct);
            await TellAsync(context, caller, answer, ct);
        });
        return null;
    }

    private async Task<(ChatCommand? Command, ViewSubmissionResponse? Problem)> RejectAsync(Caller caller, ModalContext context, string reason, CancellationToken cancellationToken)
    {
        if (context.RequestId is not { Length: > 0 } id)
        {
            return (null, Error(DecisionModals.Reason, "This form lost which request it was about; close it and press Reject… again."));
        }

        var request = await requests.GetAsync(id, cancellationToken);
        if (await authorization.RejectRefusalAsync(caller, id, request, cancellationToken) is { } refusal)
        {
            return (null, Error(DecisionModals.Reason, Refused(refusal)));
        }

        return (new ChatCommand(CommandVerb.Reject) { RequestId = id, Reason = reason }, null);
    }

    private async Task<(ChatCommand? Command, ViewSubmissionResponse? Problem)> PairCommandAsync(
        Caller caller, ModalContext context, ViewSubmissionPayload submission, string reason, CancellationToken cancellationToken)
    {
        if (context.Button is not { } button || engine.Catalog.Find(button.Service) is not { } manifest || manifest.FindStage(button.To) is null)
        {
            return (null, Error(DecisionModals.Reason, "This service or stage is no longer loaded; nothing was done."));
        }

        ChatCommand command;
        string verb;
        if (submission.CallbackId == DecisionModals.HoldCallback)
        {
            var chosen = submission.Get(DecisionModals.Stage, DecisionModals.Stage);
            var stage = chosen == CommandParser.WholePipeline ? null : chosen is null ? null : manifest.FindStage(chosen)?.Name;
            if (chosen is null || (stage is null && chosen != CommandParser.WholePipeline))
            {
                return (null, Error(DecisionModals.Stage, $"Choose one of {manifest.Service}'s stages, or the whole pipeline."));
            }

            if (!DecisionModals.TryDuration(submission.Get(DecisionModals.Duration, DecisionModals.Duration), out var duration))
            {
                return (null, Error(DecisionModals.Duration, "Choose how long the hold lasts."));
            }

            (command, verb) = (new ChatCommand(CommandVerb.Hold) { Manifest = manifest, Stage = stage, Duration = duration, Reason = reason }, "hold");
        }
        else
        {
            // Force and rollback act on a commit: if the pair moved on since the form opened, the person decided about
            // something else than what would now happen.
            var current = engine.Latest(button.PairKey);
            if (current?.Commit is not { } now || button.Commit is null || !Release.CommitsMatch(now, button.Commit))
            {
                var was = button.Commit is { Length: > 7 } c ? c[..7] : button.Commit;
                return (null, Error(DecisionModals.Reason, $"{button.Service} {button.From}→{button.To} moved on from `{was}` to `{current?.Upstream?.ShortCommit ?? "nothing"}` since this form opened; nothing was done. Close it and use the current message."));
            }

            (command, verb) = submission.CallbackId == DecisionModals.ForceCallback
                ? (new ChatCommand(CommandVerb.Force) { Manifest = manifest, Stage = button.To, Reason = reason }, "force")
                : (new ChatCommand(CommandVerb.Rollback) { Manifest = manifest, Stage = button.To, Reason = reason }, "rollback");
        }

        if (await authorization.RefusalAsync(caller, manifest, verb, command.Stage, cancellationToken) is { } refusal)
        {
            return (null, Error(DecisionModals.Reason, Refused(refusal)));
        }

        return (command, null);
    }

    /// <summary>The verb's answer, privately in the channel of the message whose button opened the modal.</summary>
    private async Task TellAsync(ModalContext context, Caller caller, SlackMessage answer, CancellationToken cancellationToken)
    {
        if (context.Channel is not { Length: > 0 } channel)
        {
            logger.LogWarning("No channel to tell {User} the outcome in: {Outcome}", caller.UserId, answer.Text);
            return;
        }

        try
        {
            await slack.PostEphemeralAsync(channel, caller.UserId, answer, cancellationToken: cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The work is done and audited; only the private note is lost.
            logger.LogWarning(ex, "Could not tell {User} the outcome privately", caller.UserId);
        }
    }

    private static string Refused(string why) => $"🚫 Not allowed: {why}. (This refusal is recorded in the audit log.)";

    private static ViewSubmissionResponse Error(string blockId, string message) =>
        ViewSubmissionResponse.Errors(new Dictionary<string, string> { [blockId] = message });
}
