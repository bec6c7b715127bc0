namespace Deployer.Slack.WebApi;

/// <summary>Spaces calls per key (channel) by a minimum interval; reservations make concurrent callers queue in order.</summary>
internal sealed class ChannelPacer
{
    private const int PruneThreshold = 1024;
    private readonly Dictionary<string, DateTimeOffset> _nextSlot = new(StringComparer.Ordinal);
    private readonly TimeProvider _timeProvider;
    private readonly TimeSpan _interval;

    public ChannelPacer(TimeProvider timeProvider, TimeSpan interval)
    {
        _timeProvider = timeProvider;
        _interval = interval;
    }

    /// <summary>Completes when the caller may send to <paramref name="key"/>.</summary>
    public Task WaitAsync(string key, CancellationToken cancellationToken)
    {
        if (_interval <= TimeSpan.Zero)
        {
            return Task.CompletedTask;
        }

        TimeSpan wait;
        lock (_nextSlot)
        {
            var now = _timeProvider.GetUtcNow();
            if (_nextSlot.Count > PruneThreshold)
            {
                foreach (var stale in _nextSlot.Where(p => p.Value <= now).Select(p => p.Key).ToList())
                {
                    _nextSlot.Remove(stale);
                }
            }

            var slot = _nextSlot.TryGetValue(key, out var next) && next > now ? next : now;
            _nextSlot[key] = slot + _interval;
            wait = slot - now;
        }

        return wait <= TimeSpan.Zero ? Task.CompletedTask : Task.Delay(wait, _timeProvider, cancellationToken);
    }
}
