using Deployer.Core.Checks;
using Deployer.Core.Decisions;
using Deployer.Core.Manifests;
using NodaTime;

namespace Deployer.Core.Tests.Checks;

/// <summary>
/// How a local start time that the clock skips or reads twice maps to instants. America/New_York, 2026: clocks go
/// forward Sun 8 Mar 07:00 UTC (02:00 EST → 03:00 EDT) and back Sun 1 Nov 06:00 UTC (02:00 EDT → 01:00 EST), so
/// 01:30 local is read at 05:30 UTC (EDT) and again at 06:30 UTC (EST).
/// </summary>
public sealed class DeployWindowResolverTests
{
    private static readonly DateTimeZone NewYork = DateTimeZoneProviders.Tzdb["America/New_York"];
    private readonly DeployWindowCheck _check = new();

    private static WindowSpec Daily(int startHour, int startMinute, int endHour, int endMinute) =>
        new(NewYork, new HashSet<DayOfWeek>(Enum.GetValues<DayOfWeek>()), new TimeOnly(startHour, startMinute), new TimeOnly(endHour, endMinute));

    private static DateTimeOffset Utc(int month, int day, int hour, int minute = 0) =>
        new(2026, month, day, hour, minute, 0, TimeSpan.Zero);

    [Fact]
    public void Start_in_the_gap_opens_at_the_first_instant_after_it_not_shifted_by_the_gap_length()
    {
        // 02:30 never shows on 8 Mar. Shifting forward by the gap would open at 03:30 EDT (07:30 UTC); the instant
        // before the gap would be 06:59:59.999 UTC. The window opens when the clocks land: 03:00 EDT = 07:00 UTC.
        var result = _check.Evaluate(Daily(2, 30, 4, 0), Utc(3, 8, 6));

        Assert.Equal(CheckOutcome.Fail, result.Outcome);
        Assert.Equal(Utc(3, 8, 7), result.ClearsAt);
        Assert.Equal("outside window Mon,Tue,Wed,Thu,Fri,Sat,Sun 02:30-04:00 America/New_York; opens Sun 03:00 local (07:00 UTC)", result.Reason);
        Assert.Equal(CheckOutcome.Pass, _check.Evaluate(Daily(2, 30, 4, 0), Utc(3, 8, 7)).Outcome);
    }

    [Fact]
    public void Start_in_the_repeated_hour_opens_at_its_first_occurrence()
    {
        Assert.Equal(Utc(11, 1, 5, 30), DeployWindowCheck.NextOpening(Daily(1, 30, 1, 45), Utc(10, 31, 12)));
    }

    [Fact]
    public void Between_the_two_occurrences_it_reopens_at_the_repeat_not_the_next_day()
    {
        // 05:50 UTC is 01:50 EDT: the first 01:30-01:45 has closed, and the clock reads 01:30 again at 06:30 UTC (EST).
        var window = Daily(1, 30, 1, 45);

        var result = _check.Evaluate(window, Utc(11, 1, 5, 50));

        Assert.Equal(CheckOutcome.Fail, result.Outcome);
        Assert.Equal(Utc(11, 1, 6, 30), result.ClearsAt);
        Assert.Contains("opens Sun 01:30 local (06:30 UTC)", result.Reason);
        Assert.Equal(CheckOutcome.Pass, _check.Evaluate(window, Utc(11, 1, 6, 30)).Outcome);
        Assert.Equal(CheckOutcome.Fail, _check.Evaluate(window, Utc(11, 1, 6, 45)).Outcome);
    }
}
