namespace Deployer.Slack.WebApi;

/// <summary>Counts response_url uses so the 6th use, or a use after 30 minutes, is refused before Slack refuses it.</summary>
internal sealed class ResponseUrlTracker
{
    public const int MaxUses = 5;
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(30);

    // Remembered well past expiry so an old URL is not mistaken for a fresh one.
    private static readonly TimeSpan Retention = TimeSpan.FromHours(24);

    private readonly Dictionary<string, (DateTimeOffset IssuedAt, int Uses)> _urls = new(StringComparer.Ordinal);
    private readonly TimeProvider _timeProvider;

    public ResponseUrlTracker(TimeProvider timeProvider)
    {
        _timeProvider = timeProvider;
    }

    /// <summary>Records one use, or returns why the URL may not be used.</summary>
    public ResponseUrlRefusal? TryUse(string url, DateTimeOffset? issuedAt)
    {
        lock (_urls)
        {
            var now = _timeProvider.GetUtcNow();
            foreach (var expired in _urls.Where(p => now - p.Value.IssuedAt > Retention).Select(p => p.Key).ToList())
            {
                _urls.Remove(expired);
            }

            var entry = _urls.TryGetValue(url, out var known) ? known : (IssuedAt: issuedAt ?? now, Uses: 0);
            if (now - entry.IssuedAt > Lifetime)
            {
                return ResponseUrlRefusal.Expired;
            }

            if (entry.Uses >= MaxUses)
            {
                return ResponseUrlRefusal.UsesExhausted;
            }

            _urls[url] = entry with { Uses = entry.Uses + 1 };
            return null;
        }
    }
}
