using Deployer.Integrations.Heroku;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Deployer.Integrations.Tests.Heroku;

public sealed class HerokuRateBudgetTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2024, 5, 1, 10, 0, 0, TimeSpan.Zero));

    private HerokuRateBudget Budget() =>
        new(_time, Options.Create(new HerokuOptions { RateLimitFloor = 100, RateLimitPerHour = 3600 }));

    [Fact]
    public void Does_not_defer_before_heroku_has_reported_anything()
    {
        var budget = Budget();

        Assert.False(budget.ShouldDefer(out _, out _));
        Assert.Null(budget.Remaining);
    }

    [Fact]
    public void Defers_below_the_floor_for_as_long_as_the_refill_takes()
    {
        var budget = Budget();
        budget.Report(40);

        Assert.True(budget.ShouldDefer(out var remaining, out var retryAfter));
        Assert.Equal(40, remaining);
        Assert.Equal(TimeSpan.FromSeconds(60), retryAfter);
    }

    [Fact]
    public void Counts_the_gradual_refill_since_the_last_report()
    {
        var budget = Budget();
        budget.ReportExhausted();

        _time.Advance(TimeSpan.FromSeconds(99));
        Assert.True(budget.ShouldDefer(out var remaining, out _));
        Assert.Equal(99, remaining);

        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.False(budget.ShouldDefer(out _, out _));
        Assert.Equal(0, budget.LastReported);
    }
}
