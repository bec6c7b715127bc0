using Deployer.Core.Checks;
using Deployer.Core.Decisions;
using Deployer.Core.Manifests;
using Deployer.Core.Tests.Fakes;
using NodaTime;

namespace Deployer.Core.Tests.Checks;

/// <summary>
/// Windows whose end is before their start cross midnight. Europe/London, 2026: Fri 3 Jul is BST (UTC+1);
/// clocks go forward Sun 29 Mar 01:00 UTC (01:00 GMT → 02:00 BST) and back Sun 25 Oct 01:00 UTC (02:00 BST → 01:00 GMT).
/// </summary>
public sealed class DeployWindowOvernightTests
{
    private static readonly DateTimeZone London = DateTimeZoneProviders.Tzdb["Europe/London"];
    private readonly DeployWindowCheck _check = new();

    private static WindowSpec Nights(DayOfWeek day, int endHour = 6, int endMinute = 0) =>
        new(London, new HashSet<DayOfWeek> { day }, new TimeOnly(22, 0), new TimeOnly(endHour, endMinute));

    private static DateTimeOffset Utc(int month, int day, int hour, int minute = 0, int second = 0) =>
        new(2026, month, day, hour, minute, second, TimeSpan.Zero);

    [Fact]
    public void Inside_before_midnight_on_a_listed_day()
    {
        var result = _check.Evaluate(Nights(DayOfWeek.Friday), Utc(7, 3, 22)); // Fri 23:00 BST

        Assert.Equal(CheckOutcome.Pass, result.Outcome);
        Assert.Equal("inside window Fri 22:00-06:00(+1) Europe/London", result.Reason);
        Assert.Null(result.ClearsAt);
    }

    [Fact]
    public void Inside_after_midnight_on_the_unlisted_next_day()
    {
        var result = _check.Evaluate(Nights(DayOfWeek.Friday), Utc(7, 4, 2)); // Sat 03:00 BST

        Assert.Equal(CheckOutcome.Pass, result.Outcome);
        Assert.Null(result.ClearsAt);
    }

    [Fact]
    public void Outside_after_midnight_when_the_previous_day_is_not_listed()
    {
        var result = _check.Evaluate(Nights(DayOfWeek.Friday), Utc(7, 3, 2)); // Fri 03:00 BST; Thursday is not listed

        Assert.Equal(CheckOutcome.Fail, result.Outcome);
        Assert.Equal(Utc(7, 3, 21), result.ClearsAt);
    }

    [Theory]
    [InlineData(3, 21, 0, 0, CheckOutcome.Pass)] // Fri 22:00 BST: exactly at start
    [InlineData(3, 20, 59, 59, CheckOutcome.Fail)]
    [InlineData(3, 23, 0, 0, CheckOutcome.Pass)] // Sat 00:00 BST: midnight
    [InlineData(4, 4, 59, 59, CheckOutcome.Pass)]
    [InlineData(4, 5, 0, 0, CheckOutcome.Fail)] // Sat 06:00 BST: exactly at end
    [InlineData(4, 21, 0, 0, CheckOutcome.Fail)] // Sat 22:00 BST: Saturday is not listed
    public void Edges_open_at_start_and_close_at_end_the_next_day(int day, int hour, int minute, int second, CheckOutcome expected)
    {
        Assert.Equal(expected, _check.Evaluate(Nights(DayOfWeek.Friday), Utc(7, day, hour, minute, second)).Outcome);
    }

    [Fact]
    public void Says_when_it_opens_from_the_afternoon_before()
    {
        var result = _check.Evaluate(Nights(DayOfWeek.Friday), Utc(7, 3, 14)); // Fri 15:00 BST

        Assert.Equal(CheckOutcome.Fail, result.Outcome);
        Assert.Equal(Utc(7, 3, 21), result.ClearsAt);
        Assert.Equal("outside window Fri 22:00-06:00(+1) Europe/London; opens Fri 22:00 local (21:00 UTC)", result.Reason);
    }

    [Fact]
    public void After_closing_it_opens_again_a_week_later()
    {
        var result = _check.Evaluate(Nights(DayOfWeek.Friday), Utc(7, 4, 5)); // Sat 06:00 BST

        Assert.Equal(Utc(7, 10, 21), result.ClearsAt);
        Assert.Contains("opens Fri 22:00 local (Fri 21:00 UTC)", result.Reason);
    }

    [Fact]
    public void Sunday_morning_belongs_to_Saturday_night()
    {
        var window = Nights(DayOfWeek.Saturday);

        Assert.Equal(CheckOutcome.Pass, _check.Evaluate(window, Utc(7, 5, 2)).Outcome); // Sun 03:00 BST
        Assert.Equal(CheckOutcome.Fail, _check.Evaluate(window, Utc(7, 6, 2)).Outcome); // Mon 03:00 BST
    }

    [Theory]
    [InlineData(28, 21, 59, CheckOutcome.Fail)] // Sat 21:59 GMT
    [InlineData(28, 22, 0, CheckOutcome.Pass)] // Sat 22:00 GMT: opens
    [InlineData(29, 0, 59, CheckOutcome.Pass)] // Sun 00:59 GMT, just before the jump
    [InlineData(29, 1, 0, CheckOutcome.Pass)] // Sun 02:00 BST, the clocks have landed
    [InlineData(29, 4, 59, CheckOutcome.Pass)] // Sun 05:59 BST
    [InlineData(29, 5, 0, CheckOutcome.Fail)] // Sun 06:00 BST: closes, only 7 hours after opening
    public void Stays_open_across_the_spring_forward_gap(int day, int hour, int minute, CheckOutcome expected)
    {
        Assert.Equal(expected, _check.Evaluate(Nights(DayOfWeek.Saturday), Utc(3, day, hour, minute)).Outcome);
    }

    [Fact]
    public void End_inside_the_spring_forward_gap_closes_when_the_clocks_land()
    {
        // 01:30 local does not exist on 2026-03-29: the window closes at 01:00 UTC, when 01:00 GMT becomes 02:00 BST.
        var window = Nights(DayOfWeek.Saturday, endHour: 1, endMinute: 30);

        Assert.Equal(CheckOutcome.Pass, _check.Evaluate(window, Utc(3, 29, 0, 59, 59)).Outcome);
        Assert.Equal(CheckOutcome.Fail, _check.Evaluate(window, Utc(3, 29, 1)).Outcome);
    }

    [Theory]
    [InlineData(24, 20, 59, CheckOutcome.Fail)] // Sat 21:59 BST
    [InlineData(24, 21, 0, CheckOutcome.Pass)] // Sat 22:00 BST: opens
    [InlineData(25, 0, 30, CheckOutcome.Pass)] // Sun 01:30 BST, first pass through the repeated hour
    [InlineData(25, 1, 30, CheckOutcome.Pass)] // Sun 01:30 GMT, second pass
    [InlineData(25, 5, 59, CheckOutcome.Pass)] // Sun 05:59 GMT
    [InlineData(25, 6, 0, CheckOutcome.Fail)] // Sun 06:00 GMT: closes, 9 hours after opening
    public void Stays_open_through_the_repeated_autumn_hour(int day, int hour, int minute, CheckOutcome expected)
    {
        Assert.Equal(expected, _check.Evaluate(Nights(DayOfWeek.Saturday), Utc(10, day, hour, minute)).Outcome);
    }

    [Fact]
    public void Opens_at_local_start_on_the_evenings_before_clock_changes()
    {
        Assert.Equal(Utc(3, 28, 22), DeployWindowCheck.NextOpening(Nights(DayOfWeek.Saturday), Utc(3, 28, 12)));
        Assert.Equal(Utc(10, 24, 21), DeployWindowCheck.NextOpening(Nights(DayOfWeek.Saturday), Utc(10, 24, 12)));
    }

    [Fact]
    public void Same_day_windows_are_not_marked_as_crossing_midnight()
    {
        var sameDay = new WindowSpec(London, new HashSet<DayOfWeek> { DayOfWeek.Friday }, new TimeOnly(9, 0), new TimeOnly(16, 0));

        Assert.False(sameDay.CrossesMidnight);
        Assert.True(Nights(DayOfWeek.Friday).CrossesMidnight);
        Assert.Equal("inside window Fri 09:00-16:00 Europe/London", _check.Evaluate(sameDay, Utc(7, 3, 9)).Reason);
    }

    [Fact]
    public async Task Blocks_the_pair_until_the_night_opens()
    {
        var pair = new PairHarness(Utc(7, 3, 14));
        pair.Manifest = ManifestBuilder.TwoStage("router").Checks(new ChecksSpec { Window = Nights(DayOfWeek.Friday) });

        var decision = await pair.DecideAsync(_check);

        Assert.Equal(DecisionKind.Blocked, decision.Kind);
        Assert.Equal(Utc(7, 3, 21), PairHarness.Only(decision, CheckNames.DeployWindow).ClearsAt);
    }

    [Fact]
    public async Task Promotes_after_midnight_inside_the_night()
    {
        var pair = new PairHarness(Utc(7, 4, 2));
        pair.Manifest = ManifestBuilder.TwoStage("router").Checks(new ChecksSpec { Window = Nights(DayOfWeek.Friday) });

        var decision = await pair.DecideAsync(_check);

        Assert.Equal(DecisionKind.Promote, decision.Kind);
    }
}
