using System.Globalization;
using System.Text;
using System.Text.Json;
using Deployer.Slack.Signing;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Deployer.Slack.Inbound;

/// <summary>ASP.NET Core entry points for Slack's HTTP deliveries: read the raw body, verify the signature, parse, dispatch to <see cref="ISlackInboundHandler"/> (resolved from the request's services).</summary>
public sealed partial class SlackInbound
{
    /// <summary>Bodies larger than this are refused; Slack's are a few kilobytes.</summary>
    public const int MaxBodyBytes = 1 << 20;

    /// <summary>Accepted signatures remembered at most (about 10 minutes of traffic at 80 requests per second).</summary>
    public const int MaxRememberedSignatures = 50_000;

    private const int MaxSslCheckBytes = 512;

    // Slack shows the user operation_timeout after 3000 ms; warn well before that.
    private static readonly TimeSpan SlowAck = TimeSpan.FromMilliseconds(2500);

    private readonly SlackRequestVerifier _verifier;
    private readonly EventDeduplicator _deduplicator;
    private readonly EventDeduplicator _signatures;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<SlackInbound> _logger;

    public SlackInbound(SlackRequestVerifier verifier, EventDeduplicator deduplicator, TimeProvider timeProvider, ILogger<SlackInbound> logger)
    {
        ArgumentNullException.ThrowIfNull(verifier);
        ArgumentNullException.ThrowIfNull(deduplicator);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentNullException.ThrowIfNull(logger);
        _verifier = verifier;
        _deduplicator = deduplicator;
        _signatures = new EventDeduplicator(timeProvider, TimeSpan.FromMinutes(10), MaxRememberedSignatures);
        _timeProvider = timeProvider;
        _logger = logger;
    }

    /// <summary>Slash commands: 200 with the handler's reply as JSON (or empty); <c>ssl_check</c> gets a bare 200.</summary>
    public async Task<IResult> HandleCommandAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var (body, refusal) = await ReadBodyAsync(context);
        if (refusal is not null)
        {
            return refusal;
        }

        var text = Encoding.UTF8.GetString(body);
        // Slack's ssl_check is a tiny form that does nothing: it is answered before the signature, but only when small
        // enough that reading it costs nothing; everything else is verified before any parsing.
        if (body.Length <= MaxSslCheckBytes && text.Contains("ssl_check=1", StringComparison.Ordinal) && IsSslCheck(text))
        {
            return Results.Ok();
        }

        if (!Verify(context, body, rememberSignature: true))
        {
            return Results.Unauthorized();
        }

        if (!FormBody.TryRead(text, out _, out var problem))
        {
            _logger.LogWarning("Refused malformed Slack slash command body: {Problem}", problem);
            return Results.BadRequest(new { error = "malformed form body" });
        }

        if (!SlashCommandParser.TryParseForm(text, out var command))
        {
            _logger.LogWarning("Slack slash command body is missing required fields");
            return Results.BadRequest(new { error = "missing required fields" });
        }

        var started = _timeProvider.GetTimestamp();
        var reply = await Handler(context).HandleCommandAsync(command, context.RequestAborted);
        WarnIfSlow(started, command.Command);
        return reply is null ? Results.Ok() : Results.Json(reply, SlackJson.Options);
    }

    /// <summary>Interactivity (<c>payload=</c> form): <c>block_actions</c> go to the handler; 200 empty acknowledges.</summary>
    public async Task<IResult> HandleInteractionAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var (body, refusal) = await ReadBodyAsync(context);
        if (refusal is not null)
        {
            return refusal;
        }

        if (!Verify(context, body, rememberSignature: true))
        {
            return Results.Unauthorized();
        }

        if (!FormBody.TryRead(Encoding.UTF8.GetString(body), out var form, out var problem))
        {
            _logger.LogWarning("Refused malformed Slack interaction body: {Problem}", problem);
            return Results.BadRequest(new { error = "malformed form body" });
        }

        if (!form.TryGetValue("payload", out var json) || string.IsNullOrEmpty(json))
        {
            return Results.BadRequest(new { error = "no payload" });
        }

        BlockActionsPayload? payload;
        ViewSubmissionPayload? submission = null;
        string? type;
        string? submissionProblem = null;
        try
        {
            using var document = JsonDocument.Parse(json.ToString());
            var root = document.RootElement;
            type = InteractionPayloadParser.TypeOf(root);
            payload = InteractionPayloadParser.TryParseJson(root, out var parsed) ? parsed : null;
            if (type == "view_submission" && !InteractionPayloadParser.TryParseViewSubmission(root, out submission, out submissionProblem))
            {
                submission = null;
            }
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException)
        {
            // InvalidOperationException: a JSON string holding a lone UTF-16 surrogate cannot be read as text.
            _logger.LogWarning("Slack interaction payload is not valid JSON: {Problem}", ex.Message);
            return Results.BadRequest(new { error = "payload is not valid JSON" });
        }

        if (type == "view_submission")
        {
            return submission is null
                ? MalformedViewSubmission(submissionProblem)
                : await HandleViewSubmissionAsync(context, submission);
        }

        if (payload is null)
        {
            _logger.LogInformation("Ignoring Slack interaction of type {Type}", type);
            return Results.Ok();
        }

        var started = _timeProvider.GetTimestamp();
        await Handler(context).HandleInteractionAsync(payload, context.RequestAborted);
        WarnIfSlow(started, "block_actions");
        return Results.Ok();
    }

    /// <summary>Events API: answers <c>url_verification</c>, de-duplicates <c>event_callback</c> on event_id, dispatches the rest.</summary>
    public async Task<IResult> HandleEventAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var (body, refusal) = await ReadBodyAsync(context);
        if (refusal is not null)
        {
            return refusal;
        }

        if (!Verify(context, body))
        {
            return Results.Unauthorized();
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body);
        }
        catch (JsonException)
        {
            _logger.LogWarning("Slack event body is not JSON");
            return Results.BadRequest(new { error = "body is not JSON" });
        }

        using (document)
        {
            var root = document.RootElement;
            string? challenge;
            SlackEventCallback? callback = null;
            var retryNum = int.TryParse(context.Request.Headers["X-Slack-Retry-Num"], NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : 0;
            string? retryReason = context.Request.Headers["X-Slack-Retry-Reason"];
            try
            {
                challenge = SlackEventParser.ChallengeOf(root);
                if (challenge is null && !SlackEventParser.TryParseCallback(root, retryNum, retryReason, out callback))
                {
                    _logger.LogInformation("Ignoring Slack event body of type {Type}", SlackEventParser.TypeOf(root));
                    return Results.Ok();
                }
            }
            catch (InvalidOperationException ex)
            {
                // A JSON string holding a lone UTF-16 surrogate cannot be read as text.
                _logger.LogWarning("Slack event body is not valid JSON text: {Problem}", ex.Message);
                return Results.BadRequest(new { error = "body is not valid JSON text" });
            }

            if (challenge is not null)
            {
                return Results.Json(new { challenge }, SlackJson.Options);
            }

            if (callback is null)
            {
                return Results.Ok();
            }

            if (!_deduplicator.TryMarkSeen(callback.EventId))
            {
                _logger.LogInformation("Dropping duplicate Slack event {EventId} (retry {RetryNum}, {RetryReason})", callback.EventId, retryNum, retryReason);
                return Results.Ok();
            }

            try
            {
                await Handler(context).HandleEventAsync(callback, context.RequestAborted);
            }
            catch
            {
                // Let Slack's retry be handled instead of dropped as a duplicate.
                _deduplicator.Forget(callback.EventId);
                throw;
            }

            return Results.Ok();
        }
    }

    private static ISlackInboundHandler Handler(HttpContext context) => context.RequestServices.GetRequiredService<ISlackInboundHandler>();

    /// <summary>
    /// Checks the signature; with <paramref name="rememberSignature"/>, also refuses a signature already accepted: Slack
    /// never sends a command or an interaction twice, so a repeat within the timestamp window is a captured request
    /// replayed. Signatures are remembered for twice the window (timestamps may be up to the window ahead or behind).
    /// </summary>
    private bool Verify(HttpContext context, byte[] body, bool rememberSignature = false)
    {
        var headers = context.Request.Headers;
        string? signature = headers[SlackSignature.SignatureHeader];
        var result = _verifier.Verify(signature, headers[SlackSignature.TimestampHeader], body);
        if (!result.IsValid)
        {
            _logger.LogWarning("Refused unverified Slack request to {Path} from {RemoteIp}: {Failure}", context.Request.Path, context.Connection.RemoteIpAddress, result.Failure);
            return false;
        }

        if (rememberSignature && !_signatures.TryMarkSeen(signature!))
        {
            _logger.LogWarning("Refused replayed Slack request to {Path} from {RemoteIp}: this signature was already accepted", context.Request.Path, context.Connection.RemoteIpAddress);
            return false;
        }

        return true;
    }

    private void WarnIfSlow(long started, string what)
    {
        var elapsed = _timeProvider.GetElapsedTime(started);
        if (elapsed > SlowAck)
        {
            _logger.LogWarning("Slack handler for {What} took {Elapsed} ms; Slack gives up after 3000 ms", what, elapsed.TotalMilliseconds);
        }
    }

    /// <summary>
    /// The raw body bytes (the signature covers them exactly), read once; or the refusal to answer (413 over
    /// <see cref="MaxBodyBytes"/>, 400 when the body is not what Content-Length declared). The body stays re-readable.
    /// </summary>
    private async Task<(byte[] Body, IResult? Refusal)> ReadBodyAsync(HttpContext context)
    {
        var request = context.Request;
        var read = await RequestBodyReader.ReadAsync(request, MaxBodyBytes, context.RequestAborted);
        switch (read.Failure)
        {
            case null:
                request.Body = new MemoryStream(read.Bytes, writable: false);
                return (read.Bytes, null);
            case RequestBodyFailure.TooLarge:
                return ([], Results.StatusCode(StatusCodes.Status413PayloadTooLarge));
            default:
                _logger.LogWarning("Refused Slack request to {Path} from {RemoteIp}: body does not match its Content-Length {ContentLength} ({Failure})", request.Path, context.Connection.RemoteIpAddress, request.ContentLength, read.Failure);
                return ([], Results.BadRequest());
        }
    }

    private static bool IsSslCheck(string form) =>
        FormBody.TryRead(form, out var fields, out _) && fields.TryGetValue("ssl_check", out var sslCheck) && sslCheck == "1";
}
