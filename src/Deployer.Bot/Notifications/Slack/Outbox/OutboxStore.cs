using Deployer.Bot.Notifications;
using Deployer.Bot.Notifications.Slack;
using Deployer.Bot.Store;
using Deployer.Core.Events;
using LiteDB;

namespace Deployer.Bot.Notifications.Slack.Outbox;

/// <summary>
/// The durable outbox in LiteDB: queued Slack calls and the ts of every message posted under a key. Enqueueing decides
/// post-or-update and folds superseded updates together, under one lock so concurrent notifiers never race.
/// </summary>
internal sealed class OutboxStore : IOutboxStore
{
    private readonly ILiteCollection<OutboxItem> _items;
    private readonly ILiteCollection<OutboxMessageRef> _refs;
    private readonly TimeProvider _time;
    private readonly LiteDatabase _database;
    private readonly Lock _lock = new();

    public OutboxStore(LiteDatabase database, TimeProvider time)
    {
        _items = database.GetCollection<OutboxItem>("chatops_outbox");
        _items.EnsureIndex(i => i.Key);
        _items.EnsureIndex(i => i.Dead);
        _refs = database.GetCollection<OutboxMessageRef>("chatops_messages");
        _time = time;
        _database = database;
        LiteDbNotificationQueue.Ensure(database);
    }

    /// <summary>
    /// Renders the oldest queued event and writes its calls here, in the transaction that removes it from the queue:
    /// a crash keeps either the event or its calls, never both or neither.
    /// </summary>
    public bool ExpandOldest(Func<DeployerEvent, IReadOnlyList<SlackCall>> render)
    {
        lock (_lock)
        {
            return LiteDbNotificationQueue.TakeOldest(_database, e =>
            {
                foreach (var call in render(e))
                {
                    Write(call);
                }
            }, INotificationQueue.BatchSize);
        }
    }

    private void Write(SlackCall call)
    {
        var body = SlackMessageJson.Serialize(call.Message);
        switch (call.Kind)
        {
            case SlackCallKind.Upsert:
                Upsert(call.Channel, call.Key, body);
                break;
            case SlackCallKind.Reply:
                Reply(call.Channel, call.Key, body);
                break;
            case SlackCallKind.ReplyIfPosted:
                if (_refs.FindById(call.Key) is not null)
                {
                    Reply(call.Channel, call.Key, body);
                }

                break;
            case SlackCallKind.UpdateIfPosted:
                if (_refs.FindById(call.Key) is not null)
                {
                    Upsert(call.Channel, call.Key, body);
                }

                break;
            default:
                Post(call.Channel, body);
                break;
        }
    }

    /// <summary>Items waiting to be sent (dead ones excluded), for metrics.</summary>
    public int Depth => _items.Count(i => !i.Dead);

    /// <summary>When the oldest item still waiting was queued, or null when none waits.</summary>
    public DateTimeOffset? OldestPendingAt() =>
        _items.Query().Where(i => !i.Dead).OrderBy(i => i.Id).Limit(1).FirstOrDefault() is { } oldest
            ? new DateTimeOffset(oldest.CreatedAtTicks, TimeSpan.Zero)
            : null;

    /// <summary>Posts under <paramref name="key"/> the first time, updates that message afterwards.</summary>
    public void Upsert(string channel, string key, string body)
    {
        lock (_lock)
        {
            var pending = _items.Find(i => i.Key == key && !i.Dead).ToList();
            if (pending.FirstOrDefault(i => i.Operation == OutboxOperation.Post) is { } post)
            {
                // Not posted yet: post the newest content straight away instead of posting then updating.
                post.Body = body;
                _items.Update(post);
                DropUpdates(pending);
                return;
            }

            if (_refs.FindById(key) is null)
            {
                _refs.Insert(new OutboxMessageRef { Id = key, Channel = channel });
                Add(channel, key, OutboxOperation.Post, body);
                return;
            }

            DropUpdates(pending);
            Add(channel, key, OutboxOperation.Update, body);
        }
    }

    public void Reply(string channel, string parentKey, string body)
    {
        lock (_lock)
        {
            Add(channel, parentKey, OutboxOperation.Reply, body);
        }
    }

    public void Post(string channel, string body)
    {
        lock (_lock)
        {
            var key = $"once:{Guid.NewGuid():N}";
            _refs.Insert(new OutboxMessageRef { Id = key, Channel = channel });
            Add(channel, key, OutboxOperation.Post, body);
        }
    }

    /// <summary>Every item still to send, oldest first (a later item must not overtake an earlier one).</summary>
    public IReadOnlyList<OutboxItem> Pending() => [.. _items.Find(i => !i.Dead).OrderBy(i => i.Id)];

    /// <summary>One process owns the file: nothing to give back.</summary>
    public void ReleaseClaims()
    {
    }

    public OutboxMessageRef? Ref(string key) => _refs.FindById(key);

    public void Attempting(OutboxItem item)
    {
        lock (_lock)
        {
            if (_items.FindById(item.Id) is not { } current)
            {
                return;
            }

            item.Attempts = ++current.Attempts;
            _items.Update(current);
        }

        // LiteDB writes its log from a background queue: the record goes through to the file before Slack is called, or
        // a kill right after the post would forget it and post again. Outside the lock (a checkpoint waits for every open
        // transaction).
        _database.Checkpoint();
    }

    public void Sent(OutboxItem item, string? channel, string? ts)
    {
        lock (_lock)
        {
            if (item.Operation == OutboxOperation.Post)
            {
                _refs.Upsert(new OutboxMessageRef { Id = item.Key, Channel = channel ?? item.Channel, Ts = ts });
                if (_items.FindById(item.Id) is { } current && current.Body != item.Body)
                {
                    // Newer content arrived while the post was in flight: send it as an update of what was just posted.
                    current.Operation = OutboxOperation.Update;
                    _items.Update(current);
                    return;
                }
            }

            _items.Delete(item.Id);
        }
    }

    /// <summary>Slack refused for good. A failed post forgets its key, so a later update tries a fresh post.</summary>
    public void Dead(OutboxItem item, string error)
    {
        lock (_lock)
        {
            if (_items.FindById(item.Id) is not { } current)
            {
                return;
            }

            current.Dead = true;
            current.LastError = error;
            _items.Update(current);
            if (item.Operation == OutboxOperation.Post && _refs.FindById(item.Key) is { Ts: null })
            {
                _refs.Delete(item.Key);
            }
        }
    }

    /// <summary>An update or reply whose message is gone is sent as a new post under the same key.</summary>
    public void ConvertToPost(OutboxItem item)
    {
        lock (_lock)
        {
            if (_items.FindById(item.Id) is not { } current)
            {
                return;
            }

            current.Operation = OutboxOperation.Post;
            _items.Update(current);
            _refs.Upsert(new OutboxMessageRef { Id = item.Key, Channel = item.Channel });
        }
    }

    private void DropUpdates(List<OutboxItem> pending)
    {
        foreach (var stale in pending.Where(i => i.Operation == OutboxOperation.Update))
        {
            _items.Delete(stale.Id);
        }
    }

    private void Add(string channel, string key, OutboxOperation operation, string body)
    {
        var now = _time.GetUtcNow().UtcTicks;
        _items.Insert(new OutboxItem { Channel = channel, Key = key, Operation = operation, Body = body, CreatedAtTicks = now });
    }
}
