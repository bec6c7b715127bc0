using System.Collections.Concurrent;
using System.Globalization;
using Deployer.Slack.BlockKit;
using Deployer.Slack.WebApi;
using Microsoft.Extensions.Logging;

namespace Deployer.Bot.Notifications.Slack.Outbox;

/// <summary>
/// Makes a post or reply of the outbox happen once across crashes. Every post carries Slack message metadata naming its
/// outbox item (<c>event_type</c> <see cref="EventType"/>, payload <c>id</c> and <c>createdAt</c>); before an item that
/// was handed to Slack before is posted again (its answer may have been lost to a crash, a timeout or a 5xx), the channel
/// (<c>conversations.history</c>) or the thread (<c>conversations.replies</c>) is searched for a message carrying it,
/// from shortly before the item was queued on.
/// </summary>
internal sealed class PostedMessageFinder(ISlackApiClient slack, ILogger logger)
{
    public const string EventType = "deployer_outbox";

    /// <summary>How far before the item's creation the search starts: room for our clock running ahead of Slack's.</summary>
    public static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(5);

    /// <summary>Pages of <see cref="PageSize"/> messages searched at most (newest first) before posting anyway.</summary>
    public const int MaxPages = 10;

    public const int PageSize = 200;

    // chat.postMessage accepts a channel name, the history methods only its id: ids learned from posts' answers.
    private readonly ConcurrentDictionary<string, string> _channelIds = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, bool> _warned = new(StringComparer.Ordinal);

    /// <summary>The message with its item's metadata.</summary>
    public static SlackMessage Tag(SlackMessage message, OutboxItem item) => new(message.Text, message.Blocks)
    {
        Metadata = new SlackMessageMetadata(EventType, new Dictionary<string, string>
        {
            ["id"] = item.Id.ToString(CultureInfo.InvariantCulture),
            ["createdAt"] = item.CreatedAtTicks.ToString(CultureInfo.InvariantCulture),
        }),
    };

    public void Learn(string channel, SlackMessageRef posted)
    {
        if (!string.IsNullOrEmpty(posted.Channel))
        {
            _channelIds[channel] = posted.Channel;
        }
    }

    /// <summary>
    /// Where an earlier attempt of <paramref name="item"/> landed, or null: never attempted, not found, or not searchable
    /// (no history scope, a channel name this process has not posted to yet: logged once, and posted again). Transient
    /// failures are thrown: the item waits rather than risk a second post.
    /// </summary>
    public async Task<SlackMessageRef?> FindAsync(OutboxItem item, string channel, string? threadTs, CancellationToken cancellationToken)
    {
        if (item.Attempts == 0)
        {
            return null;
        }

        var id = _channelIds.GetValueOrDefault(channel, channel);
        var query = new SlackHistoryQuery { Oldest = Ts(item.CreatedAtTicks - ClockSkew.Ticks), Limit = PageSize, IncludeAllMetadata = true };
        try
        {
            for (var page = 0; page < MaxPages; page++)
            {
                var found = threadTs is null
                    ? await slack.GetHistoryAsync(id, query, cancellationToken)
                    : await slack.GetRepliesAsync(id, threadTs, query, cancellationToken);
                if (found.Messages.FirstOrDefault(m => Carries(m, item)) is { } earlier)
                {
                    logger.LogWarning("Slack already has outbox item {Id} ({Operation} {Key}) from an earlier attempt (ts {Ts}); not posting it again",
                        item.Id, item.Operation, item.Key, earlier.Ts);
                    return new SlackMessageRef(id, earlier.Ts);
                }

                if (found.NextCursor is null)
                {
                    return null;
                }

                query = query with { Cursor = found.NextCursor };
            }

            logger.LogWarning("Outbox item {Id} not found in the newest {Count} messages of {Channel}; posting it again", item.Id, MaxPages * PageSize, channel);
            return null;
        }
        catch (SlackApiException ex)
        {
            if (_warned.TryAdd($"{channel}|{ex.Error}", true))
            {
                logger.LogWarning("Cannot search {Channel} for messages an interrupted attempt may have posted ({Error}): such a message may be posted twice. " +
                    "Give the app channels:history and groups:history and name channels by id.", channel, ex.Error);
            }

            return null;
        }
    }

    private static bool Carries(SlackHistoryMessage message, OutboxItem item) =>
        message.Metadata is { EventType: EventType } metadata
        && metadata.EventPayload.TryGetValue("id", out var id) && id == item.Id.ToString(CultureInfo.InvariantCulture)
        && metadata.EventPayload.TryGetValue("createdAt", out var created) && created == item.CreatedAtTicks.ToString(CultureInfo.InvariantCulture);

    /// <summary>A Slack ts (Unix seconds, six decimals) for UTC ticks.</summary>
    public static string Ts(long utcTicks)
    {
        var micros = Math.Max(0, (utcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / 10);
        return string.Create(CultureInfo.InvariantCulture, $"{micros / 1_000_000}.{micros % 1_000_000:D6}");
    }
}
