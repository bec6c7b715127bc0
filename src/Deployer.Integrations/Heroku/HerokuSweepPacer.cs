using Microsoft.Extensions.Options;

namespace Deployer.Integrations.Heroku;

/// <summary>
/// Spreads the periodic sweep's reads at the rate Heroku refills the account's budget, less a reserve
/// (<see cref="HerokuOptions.ReservedCallsPerMinute"/>) kept for promotions, rollbacks and webhook-driven reads:
/// a credit that refills at <c>RateLimitPerHour / 60 - ReservedCallsPerMinute</c> calls a minute up to
/// <see cref="HerokuOptions.SweepBurst"/>. A read takes one credit before it starts and is charged its real cost
/// (slug and per-app fallbacks) after, so the credit may go below zero and the next reads wait for it. The sweep also
/// stops while the reported budget is under <see cref="HerokuOptions.RateLimitFloor"/>.
/// </summary>
/// <remarks>
/// Hand-written rather than <c>System.Threading.RateLimiting.TokenBucketRateLimiter</c>: a read's cost is known only
/// after it (cache misses, fallbacks), which a token bucket cannot charge, and its replenishment runs on its own timer
/// rather than the injected <see cref="TimeProvider"/>.
/// </remarks>
public sealed class HerokuSweepPacer
{
    private readonly TimeProvider _time;
    private readonly HerokuOptions _options;
    private readonly HerokuRateBudget _budget;
    private readonly Lock _gate = new();
    private double _credit;
    private DateTimeOffset _at;

    public HerokuSweepPacer(TimeProvider timeProvider, IOptions<HerokuOptions> options, HerokuRateBudget budget)
    {
        ArgumentNullException.ThrowIfNull(options);
        _time = timeProvider ?? throw new ArgumentNullException(nameof(timeProvider));
        _options = options.Value;
        _budget = budget ?? throw new ArgumentNullException(nameof(budget));
        _credit = _options.SweepBurst;
        _at = _time.GetUtcNow();
    }

    /// <summary>Calls a minute the sweep may spend in the long run.</summary>
    public double CallsPerMinute => Math.Max(0, (_options.RateLimitPerHour / 60.0) - _options.ReservedCallsPerMinute);

    /// <summary>The sweep's credit now (calls; negative after reads that cost more than expected).</summary>
    public double Credit
    {
        get
        {
            lock (_gate)
            {
                Refill();
                return _credit;
            }
        }
    }

    /// <summary>Takes one call's credit for a sweep read, or says not now.</summary>
    public bool TryAcquire()
    {
        if (_budget.ShouldDefer(_options.RateLimitFloor, out _, out _))
        {
            return false;
        }

        lock (_gate)
        {
            Refill();
            if (_credit < 1)
            {
                return false;
            }

            _credit -= 1;
            return true;
        }
    }

    /// <summary>Charges calls a read made beyond what it acquired (or all of them, for a read outside the sweep).</summary>
    public void Charge(int calls)
    {
        if (calls <= 0)
        {
            return;
        }

        lock (_gate)
        {
            Refill();
            _credit -= calls;
        }
    }

    private void Refill()
    {
        var now = _time.GetUtcNow();
        var elapsed = now - _at;
        _at = now;
        if (elapsed > TimeSpan.Zero)
        {
            _credit = Math.Min(_options.SweepBurst, _credit + (elapsed.TotalMinutes * CallsPerMinute));
        }
    }
}
