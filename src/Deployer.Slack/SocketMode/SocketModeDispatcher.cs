using System.Text.Json;
using Deployer.Slack.Inbound;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Deployer.Slack.SocketMode;

/// <summary>Hands one envelope to <see cref="ISlackInboundHandler"/> (in its own DI scope) and acknowledges it on the socket it came from.</summary>
internal sealed class SocketModeDispatcher
{
    private readonly IServiceScopeFactory _scopes;
    private readonly EventDeduplicator _events;
    private readonly ILogger _logger;

    public SocketModeDispatcher(IServiceScopeFactory scopes, EventDeduplicator events, ILogger logger)
    {
        _scopes = scopes;
        _events = events;
        _logger = logger;
    }

    public async Task DispatchAsync(SocketModeConnection connection, string envelopeId, JsonElement envelope, Func<SocketModeConnection?> fallback, CancellationToken cancellationToken)
    {
        var type = envelope.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null;
        var payload = envelope.TryGetProperty("payload", out var p) ? p : default;
        var acceptsPayload = envelope.TryGetProperty("accepts_response_payload", out var a) && a.ValueKind == JsonValueKind.True;
        object? reply = null;
        try
        {
            reply = await HandleAsync(type, payload, envelope, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return;
        }
        catch (Exception ex)
        {
            // Acked anyway: a redelivery would hit the same failure and the user would see it twice.
            _logger.LogError(ex, "Slack Socket Mode handler failed for {Type} envelope {EnvelopeId}", type, envelopeId);
        }

        // A view_submission response (e.g. errors) always rides on the ack: it is the only way to answer one over a socket.
        var ack = JsonSerializer.Serialize(new Ack(envelopeId, acceptsPayload || reply is ViewSubmissionResponse ? reply : null), SlackJson.Options);
        await SendAckAsync(connection, envelopeId, ack, fallback, cancellationToken);
    }

    private async Task<object?> HandleAsync(string? type, JsonElement payload, JsonElement envelope, CancellationToken cancellationToken)
    {
        await using var scope = _scopes.CreateAsyncScope();
        var handler = scope.ServiceProvider.GetRequiredService<ISlackInboundHandler>();
        switch (type)
        {
            case "slash_commands" when SlashCommandParser.TryParseJson(payload, out var command):
                return await handler.HandleCommandAsync(command, cancellationToken);
            case "interactive" when InteractionPayloadParser.TypeOf(payload) == "view_submission":
                if (InteractionPayloadParser.TryParseViewSubmission(payload, out var submission, out var problem))
                {
                    return await handler.HandleViewSubmissionAsync(submission, cancellationToken);
                }

                _logger.LogWarning("Acknowledging malformed Slack view_submission without a response: {Problem}", problem);
                return null;
            case "interactive" when InteractionPayloadParser.TryParseJson(payload, out var actions):
                await handler.HandleInteractionAsync(actions, cancellationToken);
                return null;
            case "events_api" when SlackEventParser.TryParseCallback(payload, RetryAttempt(envelope), RetryReason(envelope), out var callback):
                if (_events.TryMarkSeen(callback.EventId))
                {
                    await handler.HandleEventAsync(callback, cancellationToken);
                }
                else
                {
                    _logger.LogInformation("Dropping duplicate Slack event {EventId}", callback.EventId);
                }

                return null;
            default:
                _logger.LogInformation("Acknowledging unhandled Slack Socket Mode envelope of type {Type}", type);
                return null;
        }
    }

    private async Task SendAckAsync(SocketModeConnection connection, string envelopeId, string ack, Func<SocketModeConnection?> fallback, CancellationToken cancellationToken)
    {
        foreach (var target in new[] { connection, fallback() }.Distinct())
        {
            if (target is null || !target.IsOpen)
            {
                continue;
            }

            try
            {
                await target.SendAsync(ack, cancellationToken);
                return;
            }
            catch (Exception ex) when (ex is System.Net.WebSockets.WebSocketException or ObjectDisposedException or InvalidOperationException)
            {
                _logger.LogWarning(ex, "Could not acknowledge Slack envelope {EnvelopeId} on connection {Connection}", envelopeId, target.Id);
            }
        }

        _logger.LogWarning("Slack envelope {EnvelopeId} was handled but could not be acknowledged: no open connection", envelopeId);
    }

    private static int RetryAttempt(JsonElement envelope) =>
        envelope.TryGetProperty("retry_attempt", out var r) && r.ValueKind == JsonValueKind.Number && r.TryGetInt32(out var n) ? n : 0;

    private static string? RetryReason(JsonElement envelope) =>
        envelope.TryGetProperty("retry_reason", out var r) && r.ValueKind == JsonValueKind.String ? r.GetString() : null;

    private sealed record Ack(string EnvelopeId, object? Payload);
}
