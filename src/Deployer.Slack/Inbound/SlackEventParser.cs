using System.Diagnostics.CodeAnalysis;
using System.Text.Json;

namespace Deployer.Slack.Inbound;

/// <summary>Reads Events API bodies: <c>url_verification</c> challenges and <c>event_callback</c> envelopes.</summary>
public static class SlackEventParser
{
    /// <summary>The outer <c>type</c>: <c>url_verification</c>, <c>event_callback</c>, <c>app_rate_limited</c>…</summary>
    public static string? TypeOf(JsonElement body) => Str(body, "type");

    /// <summary>The challenge of a <c>url_verification</c> body.</summary>
    public static string? ChallengeOf(JsonElement body) => TypeOf(body) == "url_verification" ? Str(body, "challenge") : null;

    /// <summary>Parses an <c>event_callback</c>; false for other types or when <c>event_id</c> or <c>event</c> is missing.</summary>
    public static bool TryParseCallback(JsonElement body, int retryNum, string? retryReason, [NotNullWhen(true)] out SlackEventCallback? callback)
    {
        callback = null;
        if (TypeOf(body) != "event_callback"
            || Str(body, "event_id") is not { } eventId
            || !body.TryGetProperty("event", out var inner)
            || inner.ValueKind != JsonValueKind.Object)
        {
            return false;
        }

        callback = new SlackEventCallback
        {
            EventId = eventId,
            EventType = Str(inner, "type") ?? "",
            Event = inner.Clone(),
            TeamId = Str(body, "team_id"),
            ApiAppId = Str(body, "api_app_id"),
            EventTime = body.TryGetProperty("event_time", out var t) && t.TryGetInt64(out var seconds) ? seconds : null,
            RetryNum = retryNum,
            RetryReason = retryReason,
        };
        return true;
    }

    private static string? Str(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
