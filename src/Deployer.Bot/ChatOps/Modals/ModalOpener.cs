using Deployer.Bot.ChatOps.Buttons;
using Deployer.Bot.ChatOps.Rendering;
using Deployer.Core.Commands;
using Deployer.Core.Decisions;
using Deployer.Core.Manifests;
using Deployer.Slack.BlockKit;
using Deployer.Slack.WebApi;
using Microsoft.Extensions.Logging;

namespace Deployer.Bot.ChatOps.Modals;

/// <summary>
/// Opens the modal a Hold…, Force promote…, Roll back… or Reject… button asks for, with the click's trigger_id
/// (it lives 3 s, so nothing slow runs before this). Returns null when the modal opened; otherwise what to tell the presser.
/// </summary>
internal sealed class ModalOpener(ISlackApiClient slack, AuthorizationPolicy policy, IForceRequestStore requests, ButtonAuthorization authorization, ILogger<ModalOpener> logger)
{
    /// <summary>A decision message's modal; the click is already authorized and the message current.</summary>
    public Task<SlackMessage?> OpenAsync(DecisionClick click, ServiceManifest manifest, PairDecision current, DecisionButton button, CancellationToken cancellationToken)
    {
        var context = ModalContext.For(button, click);
        var (view, typed) = click.ActionId switch
        {
            DecisionActions.Hold => (DecisionModals.Hold(manifest, current, context), $"hold {manifest.Service} {current.To} for 2h <reason>"),
            DecisionActions.Force => (DecisionModals.Force(manifest, current, context, policy.Options), $"force {manifest.Service} {current.To} <reason>"),
            _ => (DecisionModals.Rollback(manifest, current, context), $"rollback {manifest.Service} {current.To} <reason>"),
        };
        return ShowAsync(click.TriggerId, view, typed, cancellationToken);
    }

    /// <summary>A force request's Reject…: authorized now (Approvers, or the requester withdrawing), then the modal asking why.</summary>
    public async Task<SlackMessage?> OpenRejectAsync(Caller caller, string requestId, DecisionClick click, CancellationToken cancellationToken)
    {
        var request = await requests.GetAsync(requestId, cancellationToken);
        if (await authorization.RejectRefusalAsync(caller, requestId, request, cancellationToken) is { } refusal)
        {
            return Replies.Refusal(refusal);
        }

        if (request is null)
        {
            return Replies.Failure($"No force-promote request `{requestId}`.");
        }

        if (request.Status != ForceRequestStatus.Pending)
        {
            return Replies.Failure($"Request `{request.Id}` is already {request.Status.ToString().ToLowerInvariant()}{(request.Note is { } n ? $" ({n})" : "")}; nothing to reject.");
        }

        var context = new ModalContext { RequestId = request.Id, Service = request.Service, Channel = click.ChannelId, MessageTs = click.MessageTs };
        return await ShowAsync(click.TriggerId, DecisionModals.Reject(request, context), $"reject {request.Id} <reason>", cancellationToken);
    }

    private async Task<SlackMessage?> ShowAsync(string? triggerId, SlackView view, string typed, CancellationToken cancellationToken)
    {
        var instead = $"Or type `/deployer {SlackFormat.Escape(typed)}`.";
        if (triggerId is not { Length: > 0 })
        {
            logger.LogWarning("No trigger_id to open the {Modal} modal with", view.CallbackId);
            return Replies.Failure($"Slack sent no trigger to open the form with. {instead}");
        }

        try
        {
            await slack.OpenViewAsync(triggerId, view, cancellationToken);
            return null;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Usually expired_trigger_id: the 3 s passed (a slow network or a busy host). Pressing again gets a new one.
            logger.LogWarning(ex, "Could not open the {Modal} modal", view.CallbackId);
            return Replies.Failure($"Could not open the form ({(ex as SlackApiException)?.Error ?? ex.Message}); press the button again. {instead}");
        }
    }
}
