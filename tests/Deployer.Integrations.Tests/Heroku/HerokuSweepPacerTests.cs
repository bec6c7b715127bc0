using Deployer.Integrations.Heroku;
using Deployer.Integrations.Tests.Fakes;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Deployer.Integrations.Tests.Heroku;

public sealed class HerokuSweepPacerTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2024, 5, 1, 10, 0, 0, TimeSpan.Zero));

    private (HerokuSweepPacer Pacer, HerokuRateBudget Budget) Pacer(int burst = 10, double reserved = 15)
    {
        var options = Options.Create(new HerokuOptions { RateLimitFloor = 200, RateLimitPerHour = 4500, ReservedCallsPerMinute = reserved, SweepBurst = burst });
        var budget = new HerokuRateBudget(_time, options);
        return (new HerokuSweepPacer(_time, options, budget), budget);
    }

    [Fact]
    public void Spends_the_burst_then_reads_at_the_refill_rate_less_the_reserve()
    {
        var (pacer, _) = Pacer(burst: 10);

        Assert.Equal(10, Enumerable.Range(0, 20).Count(_ => pacer.TryAcquire()));
        Assert.Equal(60, pacer.CallsPerMinute);

        // 75 a minute refill, 15 reserved: 60 a minute, one a second.
        var granted = 0;
        for (var second = 0; second < 120; second++)
        {
            _time.Advance(TimeSpan.FromSeconds(1));
            granted += pacer.TryAcquire() ? 1 : 0;
        }

        Assert.InRange(granted, 119, 120);
    }

    [Fact]
    public void A_read_that_cost_more_than_one_call_is_charged_and_the_next_reads_wait()
    {
        var (pacer, _) = Pacer(burst: 5);
        Assert.True(pacer.TryAcquire());
        pacer.Charge(6); // slug misses and per-app fallbacks

        Assert.False(pacer.TryAcquire());
        _time.Advance(TimeSpan.FromSeconds(2));
        Assert.False(pacer.TryAcquire());
        _time.Advance(TimeSpan.FromSeconds(2)); // credit back to 1
        Assert.True(pacer.TryAcquire());
    }

    [Fact]
    public void Stops_below_the_floor_whatever_the_credit()
    {
        var (pacer, budget) = Pacer(burst: 50);
        budget.Report(150);

        Assert.False(pacer.TryAcquire());
        Assert.Equal(50, pacer.Credit);

        // Heroku refills 75 a minute: back above the floor of 200 after a minute.
        _time.Advance(TimeSpan.FromSeconds(61));
        Assert.True(pacer.TryAcquire());
    }

    [Fact]
    public async Task A_sweep_read_through_the_platform_charges_its_real_cost()
    {
        await using var heroku = await HerokuFake.StartAsync();
        heroku.App("router-staging", "1111111aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa");
        heroku.App("router-prod-eu", "2222222bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb");
        heroku.App("router-prod-us", "2222222bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb");
        using var services = heroku.Services(s => s["Heroku:SweepBurst"] = "20", _time);
        var platform = HerokuFake.Platform(services);
        var manifest = Manifests.Heroku();

        Assert.True(platform.TryAcquireSweepRead(manifest));
        await platform.GetSnapshotAsync(manifest, CancellationToken.None);

        // Cold: the pipeline name, latest-releases and two slugs; the acquired credit covered one of them.
        Assert.Equal(4, heroku.Server.Requests.Count);
        Assert.Equal(16, platform.Pacer.Credit, precision: 3);

        Assert.True(platform.TryAcquireSweepRead(manifest));
        await platform.GetSnapshotAsync(manifest, CancellationToken.None);
        Assert.Equal(15, platform.Pacer.Credit, precision: 3);
    }
}
