using Deployer.Bot.ChatOps;
using Deployer.Slack.WebApi;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Deployer.Bot.Slack.Outbox;

/// <summary>
/// Sends due outbox items in order, per channel: paced, an update waiting for its post's ts, a channel stopping at its
/// first transient failure (5xx, 429, timeout) and retrying later with backoff. Nothing is removed before Slack accepted it.
/// </summary>
internal sealed class OutboxDispatcher(
    IOutboxStore store, ISlackApiClient slack, IOptions<ChatOpsOptions> options, TimeProvider time, ILogger<OutboxDispatcher> logger)
{
    private readonly Dictionary<string, DateTimeOffset> _lastSent = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _gate = new(1, 1);
    private DeliveryStatus _status = new(null, null, null);

    /// <summary>The last call Slack accepted and the last failure, for <c>/healthz</c>.</summary>
    public DeliveryStatus Status => Volatile.Read(ref _status);

    /// <summary>Sends what is due; returns how many items Slack accepted.</summary>
    public async Task<int> DispatchAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            var sent = 0;
            var stopped = new HashSet<string>(StringComparer.Ordinal);
            var now = time.GetUtcNow().UtcTicks;
            foreach (var item in store.Pending())
            {
                if (stopped.Contains(item.Channel))
                {
                    continue;
                }

                // Strict order per channel: an item waiting for its retry holds back the ones queued after it.
                if (item.NotBeforeTicks > now || Paced(item.Channel) || !await TrySendAsync(item, cancellationToken))
                {
                    stopped.Add(item.Channel);
                    continue;
                }

                sent++;
            }

            return sent;
        }
        finally
        {
            store.ReleaseClaims();
            _gate.Release();
        }
    }

    private bool Paced(string channel)
    {
        var interval = options.Value.ChannelInterval;
        // 10% slack so a job firing a hair early does not halve the rate.
        return interval > TimeSpan.Zero && _lastSent.TryGetValue(channel, out var last) && time.GetUtcNow() - last < interval * 0.9;
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
                    var posted = await slack.PostMessageAsync(item.Channel, message, cancellationToken: cancellationToken);
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
                    await slack.PostMessageAsync(target?.Channel ?? item.Channel, message, target?.Ts, cancellationToken);
                    store.Sent(item, null, null);
                    break;
            }

            _lastSent[item.Channel] = time.GetUtcNow();
            Volatile.Write(ref _status, Status with { LastSuccessAt = time.GetUtcNow() });
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
            var delay = ex is SlackTransientException { RetryAfter: { } retryAfter } ? retryAfter : Backoff(item.Attempts);
            logger.LogWarning("Slack {Operation} {Key} to {Channel} failed ({Error}); retrying in {Delay}", item.Operation, item.Key, item.Channel, ex.Message, delay);
            store.Retry(item, time.GetUtcNow() + delay, ex.Message);
            Volatile.Write(ref _status, Status with { LastErrorAt = time.GetUtcNow(), LastError = ex.Message });
            return false;
        }
    }

    private TimeSpan Backoff(int attempts)
    {
        var delay = TimeSpan.FromSeconds(Math.Pow(2, Math.Min(attempts, 16)));
        return delay < options.Value.MaxRetryDelay ? delay : options.Value.MaxRetryDelay;
    }
}
