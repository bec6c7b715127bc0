using Deployer.Slack.WebApi;
using Microsoft.Extensions.Logging;

namespace Deployer.Bot.Notifications.Slack.Outbox;

/// <summary>
/// Sends the outbox to Slack: each channel's items in order, oldest first, channels side by side; an update waits for
/// its post's ts. Pacing per channel, retries honoring Retry-After, the circuit breaker and timeouts are the Slack
/// client's resilience pipeline (<c>Deployer.Slack</c>); here a channel only stops at its first failure and the item
/// waits in the store for the next pass. Nothing is removed before Slack accepted it; what Slack refuses for good is
/// marked dead. A post or reply is recorded as attempted before it is handed to Slack and carries its item's id as
/// message metadata, so an item attempted before is first looked for in the channel (<see cref="PostedMessageFinder"/>)
/// and never posted twice.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001:Types that own disposable fields should be disposable", Justification = "_gate is a SemaphoreSlim(1, 1) used only through WaitAsync/Release: it never allocates a wait handle, so Dispose frees nothing, and a lifetime singleton would risk ObjectDisposedException during shutdown")]
internal sealed class OutboxDispatcher(IOutboxStore store, ISlackApiClient slack, TimeProvider time, ILogger<OutboxDispatcher> logger)
{
    /// <summary>
    /// A pass starts no new call after this long (a paced channel sends about one item a second), so it ends inside the
    /// claim lease of the shared PostgreSQL outbox (60 s; a call may add its wait for the channel, up to
    /// <c>Slack:MaxRetryAfter</c>, and its <c>Slack:TotalTimeout</c>) and a busy channel does not hold up the others.
    /// </summary>
    public static readonly TimeSpan PassBudget = TimeSpan.FromSeconds(20);

    private const int MaxChannelsAtOnce = 8;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly Lock _statusLock = new();
    private DeliveryStatus _status = new(null, null, null);
    private readonly PostedMessageFinder _finder = new(slack, logger);

    // A direct message is queued to the user id; conversations.open names its channel (the same D… every time).
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, string> _directChannels = new(StringComparer.Ordinal);
    private static readonly System.Buffers.SearchValues<char> UserIdCharacters = System.Buffers.SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_");

    /// <summary>The last call Slack accepted and the last failure, for <c>/healthz</c>.</summary>
    public DeliveryStatus Status
    {
        get
        {
            lock (_statusLock)
            {
                return _status;
            }
        }
    }

    /// <summary>Sends what is queued; returns how many items Slack accepted or refused for good.</summary>
    public async Task<int> DispatchAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            var deadline = time.GetUtcNow() + PassBudget;
            var done = 0;
            var channels = store.Pending().GroupBy(i => i.Channel, StringComparer.Ordinal); // keeps each channel's order
            var parallel = new ParallelOptions { MaxDegreeOfParallelism = MaxChannelsAtOnce, CancellationToken = cancellationToken };
            await Parallel.ForEachAsync(channels, parallel, async (items, token) =>
            {
                foreach (var item in items)
                {
                    // Strict order per channel: an item that could not go holds back the ones queued after it.
                    if (time.GetUtcNow() >= deadline || !await TrySendAsync(item, token))
                    {
                        return;
                    }

                    Interlocked.Increment(ref done);
                }
            });
            return done;
        }
        finally
        {
            store.ReleaseClaims();
            _gate.Release();
        }
    }

    /// <summary>False when the channel must wait (ordering or failure).</summary>
    private async Task<bool> TrySendAsync(OutboxItem item, CancellationToken cancellationToken)
    {
        var target = item.Operation == OutboxOperation.Post ? null : store.Ref(item.Key);
        if (item.Operation != OutboxOperation.Post && target is { Ts: null })
        {
            return false; // its post has not gone out yet
        }

        try
        {
            var message = SlackMessageJson.Deserialize(item.Body);
            switch (item.Operation)
            {
                case OutboxOperation.Post:
                    var to = await ChannelAsync(item.Channel, cancellationToken);
                    if (await _finder.FindAsync(item, to, null, cancellationToken) is { } earlier)
                    {
                        store.Sent(item, earlier.Channel, earlier.Ts);
                        break;
                    }

                    store.Attempting(item);
                    var posted = await slack.PostMessageAsync(to, PostedMessageFinder.Tag(message, item), cancellationToken: cancellationToken);
                    _finder.Learn(to, posted);
                    Store.StoreFaults.Hit(Store.StoreFaults.SlackPosted);
                    store.Sent(item, posted.Channel, posted.Ts);
                    break;
                case OutboxOperation.Update when target is null:
                    store.ConvertToPost(item);
                    return false;
                case OutboxOperation.Update:
                    await slack.UpdateMessageAsync(target.Channel, target.Ts!, message, cancellationToken);
                    store.Sent(item, null, null);
                    break;
                case OutboxOperation.Reply:
                    // A reply whose parent was never posted still carries news: send it on its own rather than lose it.
                    var channel = target?.Channel ?? await ChannelAsync(item.Channel, cancellationToken);
                    if (await _finder.FindAsync(item, channel, target?.Ts, cancellationToken) is null)
                    {
                        store.Attempting(item);
                        _finder.Learn(channel, await slack.PostMessageAsync(channel, PostedMessageFinder.Tag(message, item), target?.Ts, cancellationToken));
                    }

                    store.Sent(item, null, null);
                    break;
            }

            SetStatus(s => s with { LastSuccessAt = time.GetUtcNow() });
            return true;
        }
        catch (SlackApiException ex) when (item.Operation == OutboxOperation.Update && ex.Error is "message_not_found" or "cant_update_message")
        {
            logger.LogWarning("Slack message {Key} is gone ({Error}); posting it afresh", item.Key, ex.Error);
            store.ConvertToPost(item);
            return false;
        }
        catch (SlackApiException ex)
        {
            logger.LogError("Slack refused {Operation} {Key} to {Channel} for good: {Error}", item.Operation, item.Key, item.Channel, ex.Error);
            store.Dead(item, ex.Error);
            return true;
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // Slack is down or rate-limiting beyond what the pipeline waits out: the item stays queued for the next pass.
            var repeated = Status.LastError == ex.Message;
            logger.Log(repeated ? LogLevel.Debug : LogLevel.Warning, "Slack {Operation} {Key} to {Channel} failed ({Error}); it stays queued",
                item.Operation, item.Key, item.Channel, ex.Message);
            SetStatus(s => s with { LastErrorAt = time.GetUtcNow(), LastError = ex.Message });
            return false;
        }
    }

    /// <summary>
    /// Where an item goes: its channel, or for a user id (<c>U…</c>/<c>W…</c>: a direct message) the DM channel
    /// <c>conversations.open</c> names, remembered for this process.
    /// </summary>
    private async Task<string> ChannelAsync(string channel, CancellationToken cancellationToken)
    {
        if (channel.Length < 3 || channel[0] is not ('U' or 'W') || channel.AsSpan(1).ContainsAnyExcept(UserIdCharacters))
        {
            return channel;
        }

        if (!_directChannels.TryGetValue(channel, out var direct))
        {
            direct = await slack.OpenDirectMessageAsync(channel, cancellationToken);
            _directChannels[channel] = direct;
        }

        return direct;
    }

    private void SetStatus(Func<DeliveryStatus, DeliveryStatus> change)
    {
        lock (_statusLock)
        {
            _status = change(_status);
        }
    }
}
