using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Deployer.Slack.Inbound;

/// <summary>Modal submissions (<c>view_submission</c>) on the interactivity route.</summary>
public sealed partial class SlackInbound
{
    private IResult MalformedViewSubmission(string? problem)
    {
        _logger.LogWarning("Refused malformed Slack view_submission: {Problem}", problem);
        return Results.BadRequest(new { error = "malformed view_submission: " + problem });
    }

    /// <summary>The handler's response as the JSON body (the modal shows it), or an empty 200 that closes the modal.</summary>
    private async Task<IResult> HandleViewSubmissionAsync(HttpContext context, ViewSubmissionPayload submission)
    {
        var started = _timeProvider.GetTimestamp();
        var response = await Handler(context).HandleViewSubmissionAsync(submission, context.RequestAborted);
        WarnIfSlow(started, "view_submission " + submission.CallbackId);
        return response is null ? Results.Ok() : Results.Json(response, SlackJson.Options);
    }
}
