using Deployer.Bot.ChatOps;
using Deployer.Bot.ChatOps.Buttons;
using Deployer.Bot.ChatOps.Commands;
using Deployer.Bot.ChatOps.Modals;
using Deployer.Bot.ChatOps.Rendering;
using Deployer.Core.Commands;
using Deployer.Slack.Inbound;
using Deployer.Slack.WebApi;
using Microsoft.Extensions.Logging;

namespace Deployer.Bot.Slack;

/// <summary>
/// Slack's inbound traffic (HTTP or Socket Mode): answers in the acknowledgement what memory can answer, and posts the
/// rest to the response_url when done. Button presses on force-promote messages approve or reject; those on decision
/// messages run their verb (<see cref="DecisionButtonHandler"/>).
/// </summary>
internal sealed class SlackInboundHandler(
    CommandHandler commands, DecisionButtonHandler decisions, ModalOpener modals, ModalSubmissionHandler submissions, BackgroundWork background, ISlackResponseUrlClient responses, TimeProvider time, ILogger<SlackInboundHandler> logger)
    : ISlackInboundHandler
{
    public Task<SlackMessageResponse?> HandleCommandAsync(SlashCommand command, CancellationToken cancellationToken)
    {
        var reply = commands.Handle(new Caller(command.UserId), command.Text);
        if (reply.Later is { } later)
        {
            var issued = time.GetUtcNow();
            background.Run($"{command.Command} {command.Text}", async ct =>
            {
                var message = await later(ct);
                await RespondAsync(command.ResponseUrl, SlackMessageResponse.Ephemeral(message), issued, ct);
            });
        }

        return Task.FromResult(reply.Now is { } now ? SlackMessageResponse.Ephemeral(now) : null);
    }

    public Task HandleInteractionAsync(BlockActionsPayload payload, CancellationToken cancellationToken)
    {
        foreach (var action in payload.Actions)
        {
            if (ChatOps.Commands.VerificationButton.Handles(action.ActionId))
            {
                PressVerificationButton(payload, action);
                continue;
            }

            if (DecisionActions.Handles(action.ActionId))
            {
                PressDecisionButton(payload, action);
                continue;
            }

            if (action.ActionId == ForceRequestBlocks.RejectAction && action.Value is { Length: > 0 } rejected)
            {
                OpenRejectModal(payload, action, rejected);
                continue;
            }

            if (action.ActionId is not (ForceRequestBlocks.ApproveAction or ForceRequestBlocks.RejectAction) || action.Value is not { Length: > 0 } id)
            {
                logger.LogInformation("Ignoring Slack action {Action}", action.ActionId);
                continue;
            }

            var issued = time.GetUtcNow();
            background.Run($"{action.ActionId} {id}", async ct =>
            {
                var message = await commands.ButtonAsync(new Caller(payload.UserId), action.ActionId, id, ct);
                if (payload.ResponseUrl is { } url)
                {
                    // Ephemeral and not replacing: the request message itself is updated through the outbox for everyone.
                    await RespondAsync(url, SlackMessageResponse.Ephemeral(message) with { ReplaceOriginal = false }, issued, ct);
                }
            });
        }

        return Task.CompletedTask;
    }

    /// <summary>
    /// A decision message's button. Started at once (a modal's trigger_id lives 3 s); the presser hears privately, and a
    /// message that is out of date is replaced with the current rendering for everyone.
    /// </summary>
    private void PressDecisionButton(BlockActionsPayload payload, BlockAction action)
    {
        var issued = time.GetUtcNow();
        var click = new DecisionClick(action.ActionId, action.Value, payload.TriggerId, payload.ChannelId, payload.MessageTs);
        background.Run($"{action.ActionId} {action.Value}", async ct =>
        {
            var reply = await decisions.PressAsync(new Caller(payload.UserId), click, ct);
            await AnswerAsync(payload, reply, issued, ct);
        });
    }

    /// <summary>A force request's Reject…: authorized now, then a modal asking why (its submission runs the reject verb).</summary>
    private void OpenRejectModal(BlockActionsPayload payload, BlockAction action, string requestId)
    {
        var issued = time.GetUtcNow();
        var click = new DecisionClick(action.ActionId, requestId, payload.TriggerId, payload.ChannelId, payload.MessageTs);
        background.Run($"{action.ActionId} {requestId}", async ct =>
        {
            var refusal = await modals.OpenRejectAsync(new Caller(payload.UserId), requestId, click, ct);
            await AnswerAsync(payload, new ButtonReply(refusal), issued, ct);
        });
    }

    /// <summary>Roll back / Keep on a failed verification's message: the presser hears privately, and on success the message is replaced for everyone.</summary>
    private void PressVerificationButton(BlockActionsPayload payload, BlockAction action)
    {
        var issued = time.GetUtcNow();
        background.Run($"{action.ActionId} {action.Value}", async ct =>
        {
            var reply = await commands.VerificationButtonAsync(new Caller(payload.UserId), action.ActionId, action.Value, ct);
            await AnswerAsync(payload, reply, issued, ct);
        });
    }

    private async Task AnswerAsync(BlockActionsPayload payload, ButtonReply reply, DateTimeOffset issued, CancellationToken cancellationToken)
    {
        if (payload.ResponseUrl is not { } url)
        {
            return;
        }

        if (reply.Ephemeral is { } ephemeral)
        {
            await RespondAsync(url, SlackMessageResponse.Ephemeral(ephemeral) with { ReplaceOriginal = false }, issued, cancellationToken);
        }

        if (reply.Replacement is { } replacement)
        {
            await RespondAsync(url, SlackMessageResponse.Replace(replacement), issued, cancellationToken);
        }
    }

    public Task HandleEventAsync(SlackEventCallback callback, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>A submitted modal (Hold…, Force promote…, Roll back…, Reject…): validated and authorized now, run afterwards.</summary>
    public Task<ViewSubmissionResponse?> HandleViewSubmissionAsync(ViewSubmissionPayload payload, CancellationToken cancellationToken) =>
        submissions.SubmitAsync(payload, cancellationToken);

    private async Task RespondAsync(string url, SlackMessageResponse response, DateTimeOffset issued, CancellationToken cancellationToken)
    {
        try
        {
            await responses.PostAsync(url, response, issued, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The work itself is done and audited; only the private reply is lost.
            logger.LogWarning(ex, "Could not reply through response_url");
        }
    }
}
