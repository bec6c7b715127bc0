namespace Deployer.Slack.Inbound;

/// <summary>Remembers ids (event_id, envelope_id) for a time window, bounded in size, so a redelivery is handled once.</summary>
public sealed class EventDeduplicator
{
    private readonly Dictionary<string, DateTimeOffset> _seen = new(StringComparer.Ordinal);
    private readonly Queue<(string Id, DateTimeOffset At)> _order = new();
    private readonly TimeProvider _timeProvider;
    private readonly TimeSpan _window;
    private readonly int _capacity;

    public EventDeduplicator(TimeProvider timeProvider, TimeSpan window, int capacity)
    {
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(window, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _timeProvider = timeProvider;
        _window = window;
        _capacity = capacity;
    }

    /// <summary>How many ids are remembered now.</summary>
    public int Count
    {
        get
        {
            lock (_seen)
            {
                return _seen.Count;
            }
        }
    }

    /// <summary>True the first time an id is seen within the window; false for a duplicate.</summary>
    public bool TryMarkSeen(string id)
    {
        ArgumentException.ThrowIfNullOrEmpty(id);
        lock (_seen)
        {
            var now = _timeProvider.GetUtcNow();
            Evict(now);
            if (_seen.ContainsKey(id))
            {
                return false;
            }

            while (_seen.Count >= _capacity && _order.TryDequeue(out var oldest))
            {
                RemoveIfCurrent(oldest);
            }

            _seen[id] = now;
            _order.Enqueue((id, now));
            return true;
        }
    }

    /// <summary>Forgets an id so a redelivery is handled again (e.g. after the handler failed).</summary>
    public void Forget(string id)
    {
        lock (_seen)
        {
            _seen.Remove(id);
        }
    }

    private void Evict(DateTimeOffset now)
    {
        while (_order.TryPeek(out var oldest) && now - oldest.At >= _window)
        {
            _order.Dequeue();
            RemoveIfCurrent(oldest);
        }
    }

    // A forgotten and re-seen id has a newer entry; only the entry matching the queue item is removed.
    private void RemoveIfCurrent((string Id, DateTimeOffset At) entry)
    {
        if (_seen.TryGetValue(entry.Id, out var at) && at == entry.At)
        {
            _seen.Remove(entry.Id);
        }
    }
}
