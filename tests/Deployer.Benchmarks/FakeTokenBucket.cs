using System.Diagnostics;

namespace Deployer.Benchmarks;

/// <summary>
/// Heroku's per-account API budget: <paramref name="capacity"/> calls, refilled at <paramref name="perMinute"/> a
/// minute (continuously), starting at <paramref name="start"/>. Each call takes one; none left means 429.
/// </summary>
public sealed class FakeTokenBucket(double capacity, double perMinute, double start)
{
    private readonly Lock _gate = new();
    private double _tokens = start;
    private long _at = Stopwatch.GetTimestamp();
    private double _lowest = start;

    /// <summary>The lowest the budget has been.</summary>
    public double Lowest
    {
        get
        {
            lock (_gate)
            {
                return _lowest;
            }
        }
    }

    public double Remaining
    {
        get
        {
            lock (_gate)
            {
                Refill();
                return _tokens;
            }
        }
    }

    /// <summary>Takes one call; the remaining budget as Heroku reports it (whole calls).</summary>
    public (bool Allowed, int Remaining) Take()
    {
        lock (_gate)
        {
            Refill();
            if (_tokens < 1)
            {
                return (false, 0);
            }

            _tokens -= 1;
            _lowest = Math.Min(_lowest, _tokens);
            return (true, (int)Math.Floor(_tokens));
        }
    }

    private void Refill()
    {
        var now = Stopwatch.GetTimestamp();
        _tokens = Math.Min(capacity, _tokens + (Stopwatch.GetElapsedTime(_at, now).TotalMinutes * perMinute));
        _at = now;
    }
}
