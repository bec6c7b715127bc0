using Microsoft.Extensions.Options;

namespace Deployer.Integrations.Heroku;

/// <summary>
/// The Heroku API call budget as last reported by <c>RateLimit-Remaining</c> (a 429 means zero), with an estimate of
/// how it refills since. Snapshot reads defer while the estimate is below <see cref="HerokuOptions.RateLimitFloor"/>,
/// so the bot never runs the account's shared budget out.
/// </summary>
public sealed class HerokuRateBudget
{
    private readonly TimeProvider _time;
    private readonly HerokuOptions _options;
    private readonly Lock _gate = new();
    private int? _remaining;
    private DateTimeOffset _observedAt;

    public HerokuRateBudget(TimeProvider timeProvider, IOptions<HerokuOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _time = timeProvider ?? throw new ArgumentNullException(nameof(timeProvider));
        _options = options.Value;
    }

    /// <summary>The last <c>RateLimit-Remaining</c> Heroku sent; null before the first call.</summary>
    public int? LastReported
    {
        get
        {
            lock (_gate)
            {
                return _remaining;
            }
        }
    }

    /// <summary>The estimated calls left now: the last report plus what has refilled since (null before the first call).</summary>
    public int? Remaining
    {
        get
        {
            lock (_gate)
            {
                if (_remaining is not { } reported)
                {
                    return null;
                }

                var refilled = (_time.GetUtcNow() - _observedAt).TotalHours * _options.RateLimitPerHour;
                return (int)Math.Min(_options.RateLimitPerHour, reported + Math.Floor(Math.Max(0, refilled)));
            }
        }
    }

    /// <summary>Records a response's <c>RateLimit-Remaining</c>.</summary>
    public void Report(int remaining)
    {
        lock (_gate)
        {
            _remaining = Math.Max(0, remaining);
            _observedAt = _time.GetUtcNow();
        }
    }

    /// <summary>A 429: the budget is spent.</summary>
    public void ReportExhausted() => Report(0);

    /// <summary>Whether sweep reads should wait (the estimate is under <see cref="HerokuOptions.RateLimitFloor"/>), and roughly for how long.</summary>
    public bool ShouldDefer(out int remaining, out TimeSpan retryAfter) => ShouldDefer(_options.RateLimitFloor, out remaining, out retryAfter);

    /// <summary>Whether a call should wait because the estimate is under <paramref name="floor"/>, and roughly for how long.</summary>
    public bool ShouldDefer(int floor, out int remaining, out TimeSpan retryAfter)
    {
        remaining = Remaining ?? int.MaxValue;
        if (remaining >= floor)
        {
            retryAfter = TimeSpan.Zero;
            return false;
        }

        var missing = floor - remaining;
        retryAfter = TimeSpan.FromHours((double)missing / Math.Max(1, _options.RateLimitPerHour));
        return true;
    }
}
