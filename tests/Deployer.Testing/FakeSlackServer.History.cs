using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;

namespace Deployer.Testing;

/// <summary>
/// The fake's channels: every accepted post is kept (channel as named in the call, ts, thread, metadata) and read back by
/// <c>conversations.history</c> (top-level messages newest first) and <c>conversations.replies</c> (the parent, then its
/// replies), with <c>oldest</c>, <c>limit</c>, <c>cursor</c> and <c>include_all_metadata</c> as Slack documents them.
/// </summary>
public sealed partial class FakeSlackServer
{
    private readonly ConcurrentQueue<Posted> _posted = new();

    /// <summary>How long a post is held after it is kept and before it is answered (a window for a crash to lose the answer).</summary>
    public TimeSpan PostAnswerDelay { get; set; }

    /// <summary>Keeps posts but answers them 503, as when Slack's answer is lost on the way back.</summary>
    public bool LosePostAnswers { get; set; }

    /// <summary>Every message accepted by chat.postMessage, oldest first.</summary>
    public IReadOnlyList<Posted> Messages => [.. _posted];

    private async Task<FakeResponse> PostedAsync(SlackCall call)
    {
        var channel = call.Channel ?? "";
        var ts = NextTs();
        var metadata = call.Json.ValueKind == JsonValueKind.Object && call.Json.TryGetProperty("metadata", out var m) ? m.Clone() : default;
        _posted.Enqueue(new Posted(channel, ts, call.ThreadTs, call.Text, metadata));
        if (PostAnswerDelay > TimeSpan.Zero)
        {
            await Task.Delay(PostAnswerDelay);
        }

        return LosePostAnswers ? new FakeResponse(503, "") : Ok(new { ok = true, channel, ts });
    }

    private object History(SlackCall call)
    {
        string Field(string name) => call.Str(name) ?? "";
        var channel = Field("channel");
        if (channel.Length == 0)
        {
            return new { ok = false, error = "channel_not_found" };
        }

        var oldest = decimal.TryParse(Field("oldest"), NumberStyles.Number, CultureInfo.InvariantCulture, out var o) ? o : 0m;
        var limit = int.TryParse(Field("limit"), CultureInfo.InvariantCulture, out var l) ? Math.Clamp(l, 1, 999) : 100;
        var offset = int.TryParse(Field("cursor"), CultureInfo.InvariantCulture, out var c) ? c : 0;
        var metadata = Field("include_all_metadata") is "true" or "1";
        var thread = Field("ts");
        var all = _posted.Where(p => p.Channel == channel && Value(p.Ts) > oldest);
        var selected = call.Method == "conversations.history"
            ? all.Where(p => p.ThreadTs is null).Reverse().ToList()
            : all.Where(p => p.Ts == thread || p.ThreadTs == thread).ToList();
        var page = selected.Skip(offset).Take(limit).Select(p => p.ToSlack(metadata)).ToList();
        var more = offset + limit < selected.Count;
        return new
        {
            ok = true,
            messages = page,
            has_more = more,
            response_metadata = new { next_cursor = more ? (offset + limit).ToString(CultureInfo.InvariantCulture) : "" },
        };
    }

    private static decimal Value(string ts) => decimal.Parse(ts, CultureInfo.InvariantCulture);

    /// <summary>One message the fake accepted.</summary>
    public sealed record Posted(string Channel, string Ts, string? ThreadTs, string Text, JsonElement Metadata)
    {
        /// <summary>The outbox item id in the message's deployer metadata, if any.</summary>
        public string? OutboxId =>
            Metadata.ValueKind == JsonValueKind.Object && Metadata.TryGetProperty("event_payload", out var p) && p.TryGetProperty("id", out var id)
                ? id.GetString() : null;

        public Dictionary<string, object?> ToSlack(bool withMetadata)
        {
            var message = new Dictionary<string, object?> { ["type"] = "message", ["text"] = Text, ["ts"] = Ts, ["bot_id"] = "B0DEPLOYER" };
            if (ThreadTs is not null)
            {
                message["thread_ts"] = ThreadTs;
            }

            if (withMetadata && Metadata.ValueKind == JsonValueKind.Object)
            {
                message["metadata"] = Metadata;
            }

            return message;
        }
    }
}
