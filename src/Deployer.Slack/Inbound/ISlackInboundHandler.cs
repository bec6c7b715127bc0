namespace Deployer.Slack.Inbound;

/// <summary>The app's side of inbound Slack traffic, shared by HTTP endpoints and Socket Mode. Return quickly (Slack waits 3 s); do slow work afterwards and reply via response_url or the Web API.</summary>
public interface ISlackInboundHandler
{
    /// <summary>A slash command; the returned response is the immediate reply (null: empty acknowledgement).</summary>
    Task<SlackMessageResponse?> HandleCommandAsync(SlashCommand command, CancellationToken cancellationToken);

    /// <summary>A button press; acknowledged empty once this returns. Update the source message via its response_url.</summary>
    Task HandleInteractionAsync(BlockActionsPayload payload, CancellationToken cancellationToken);

    /// <summary>
    /// A modal's submit button (<c>view_submission</c>). Return within Slack's 3 s: validate and authorize from memory, run
    /// slow work afterwards. The response (e.g. <see cref="ViewSubmissionResponse.Errors"/>) keeps the modal open; null closes it.
    /// </summary>
    Task<ViewSubmissionResponse?> HandleViewSubmissionAsync(ViewSubmissionPayload payload, CancellationToken cancellationToken);

    /// <summary>An Events API event, already de-duplicated on event_id.</summary>
    Task HandleEventAsync(SlackEventCallback callback, CancellationToken cancellationToken);
}
