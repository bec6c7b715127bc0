using Deployer.Core.Checks;
using Deployer.Core.Decisions;
using Deployer.Core.Manifests;
using Deployer.Core.Tests.Fakes;
using NodaTime;

namespace Deployer.Core.Tests.Checks;

/// <summary>Europe/Dublin: clocks go forward 2026-03-29 01:00 UTC and back 2026-10-25 01:00 UTC.</summary>
public sealed class DeployWindowCheckTests
{
    private static readonly DateTimeZone Dublin = DateTimeZoneProviders.Tzdb["Europe/Dublin"];
    private static readonly DayOfWeek[] EveryDay = Enum.GetValues<DayOfWeek>();
    private static readonly DayOfWeek[] Weekdays = [DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday];
    private readonly DeployWindowCheck _check = new();

    private static WindowSpec Window(int startHour, int startMinute, int endHour, DayOfWeek[]? days = null, CheckMode mode = CheckMode.Enforce) =>
        new(Dublin, new HashSet<DayOfWeek>(days ?? EveryDay), new TimeOnly(startHour, startMinute), new TimeOnly(endHour, 0), mode);

    private static DateTimeOffset Utc(int month, int day, int hour, int minute = 0, int second = 0) =>
        new(2026, month, day, hour, minute, second, TimeSpan.Zero);

    [Theory]
    [InlineData(7, 1, 8, 0, 0, CheckOutcome.Pass)] // 09:00 IST: exactly at start
    [InlineData(7, 1, 7, 59, 59, CheckOutcome.Fail)]
    [InlineData(7, 1, 14, 59, 59, CheckOutcome.Pass)]
    [InlineData(7, 1, 15, 0, 0, CheckOutcome.Fail)] // 16:00 IST: exactly at end
    [InlineData(12, 2, 9, 0, 0, CheckOutcome.Pass)] // 09:00 GMT: exactly at start
    [InlineData(12, 2, 8, 59, 59, CheckOutcome.Fail)]
    [InlineData(12, 2, 15, 59, 59, CheckOutcome.Pass)]
    [InlineData(12, 2, 16, 0, 0, CheckOutcome.Fail)] // 16:00 GMT: exactly at end
    public void Window_edges_follow_local_time_in_summer_and_winter(int month, int day, int hour, int minute, int second, CheckOutcome expected)
    {
        var result = _check.Evaluate(Window(9, 0, 16), Utc(month, day, hour, minute, second));

        Assert.Equal(expected, result.Outcome);
    }

    [Fact]
    public void Opens_an_hour_earlier_in_UTC_the_morning_after_clocks_go_forward()
    {
        var opens = DeployWindowCheck.NextOpening(Window(9, 0, 16), Utc(3, 28, 17));

        Assert.Equal(Utc(3, 29, 8), opens);
    }

    [Fact]
    public void Opens_an_hour_later_in_UTC_the_morning_after_clocks_go_back()
    {
        var opens = DeployWindowCheck.NextOpening(Window(9, 0, 16), Utc(10, 24, 16));

        Assert.Equal(Utc(10, 25, 9), opens);
    }

    [Fact]
    public void Says_when_a_weekday_window_reopens_across_the_change()
    {
        // Friday 17:00 GMT; the next weekday opening is Monday 09:00 IST.
        var result = _check.Evaluate(Window(9, 0, 16, Weekdays), Utc(3, 27, 17));

        Assert.Equal(CheckOutcome.Fail, result.Outcome);
        Assert.Equal(Utc(3, 30, 8), result.ClearsAt);
        Assert.Contains("outside window Mon,Tue,Wed,Thu,Fri 09:00-16:00", result.Reason);
        Assert.Contains("opens Mon 09:00 local (Mon 08:00 UTC)", result.Reason);
    }

    [Fact]
    public void Start_inside_the_spring_forward_gap_opens_when_the_clocks_land()
    {
        // 01:30 local does not exist on 2026-03-29: 01:00 GMT jumps to 02:00 IST (= 01:00 UTC).
        var window = Window(1, 30, 3);

        var before = _check.Evaluate(window, Utc(3, 29, 0, 30));
        Assert.Equal(CheckOutcome.Fail, before.Outcome);
        Assert.Equal(Utc(3, 29, 1), before.ClearsAt);

        Assert.Equal(CheckOutcome.Pass, _check.Evaluate(window, Utc(3, 29, 1)).Outcome);
        Assert.Equal(CheckOutcome.Fail, _check.Evaluate(window, Utc(3, 29, 2)).Outcome); // 03:00 IST: end
    }

    [Fact]
    public void The_day_after_the_gap_opens_at_the_normal_local_time()
    {
        Assert.Equal(Utc(3, 30, 0, 30), DeployWindowCheck.NextOpening(Window(1, 30, 3), Utc(3, 29, 2)));
    }

    [Fact]
    public void Ambiguous_start_on_the_night_clocks_go_back_opens_at_its_first_occurrence()
    {
        // 01:30 local happens twice on 2026-10-25: 00:30 UTC (IST) and 01:30 UTC (GMT).
        Assert.Equal(Utc(10, 25, 0, 30), DeployWindowCheck.NextOpening(Window(1, 30, 3), Utc(10, 24, 23)));
    }

    [Fact]
    public void Zones_with_ordinary_summer_time_open_when_the_clocks_land_too()
    {
        var london = new WindowSpec(DateTimeZoneProviders.Tzdb["Europe/London"], new HashSet<DayOfWeek>(EveryDay), new TimeOnly(1, 30), new TimeOnly(3, 0));

        Assert.Equal(Utc(3, 29, 1), DeployWindowCheck.NextOpening(london, Utc(3, 29, 0, 30)));
        Assert.Equal(Utc(7, 2, 0, 30), DeployWindowCheck.NextOpening(london, Utc(7, 1, 12)));
    }

    [Fact]
    public void Never_opens_without_days()
    {
        var result = _check.Evaluate(Window(9, 0, 16, []), Utc(7, 1, 10));

        Assert.Equal(CheckOutcome.Fail, result.Outcome);
        Assert.Null(result.ClearsAt);
        Assert.Contains("never opens", result.Reason);
    }

    [Fact]
    public async Task Blocks_the_pair_outside_the_window()
    {
        var pair = new PairHarness(Utc(7, 1, 16));
        pair.Manifest = ManifestBuilder.TwoStage("router").Checks(new ChecksSpec { Window = Window(9, 0, 16) });

        var decision = await pair.DecideAsync(_check);

        Assert.Equal(DecisionKind.Blocked, decision.Kind);
        Assert.Equal(Utc(7, 2, 8), PairHarness.Only(decision, CheckNames.DeployWindow).ClearsAt);
    }

    [Fact]
    public async Task Shadow_window_reports_and_does_not_block()
    {
        var pair = new PairHarness(Utc(7, 1, 16));
        pair.Manifest = ManifestBuilder.TwoStage("router").Checks(new ChecksSpec { Window = Window(9, 0, 16, mode: CheckMode.Shadow) });

        var decision = await pair.DecideAsync(_check);

        Assert.Equal(DecisionKind.Promote, decision.Kind);
        Assert.Equal("shadow-fail", PairHarness.Only(decision, CheckNames.DeployWindow).OutcomeLabel);
    }

    [Theory]
    [InlineData(12, 0, DecisionKind.Blocked)] // exactly at the start of the freeze
    [InlineData(15, 0, DecisionKind.Blocked)]
    [InlineData(17, 59, DecisionKind.Blocked)]
    [InlineData(18, 0, DecisionKind.Promote)] // exactly at the end of the freeze
    [InlineData(11, 59, DecisionKind.Promote)]
    public async Task Freeze_blocks_from_its_start_until_its_end(int hour, int minute, DecisionKind expected)
    {
        var pair = new PairHarness(Utc(6, 10, hour, minute));
        pair.Manifest = ManifestBuilder.TwoStage("router").Checks(new ChecksSpec { Freezes = [new FreezeSpec(Utc(6, 10, 12), Utc(6, 10, 18), "board demo")] });

        var decision = await pair.DecideAsync(_check);

        Assert.Equal(expected, decision.Kind);
        var result = PairHarness.Only(decision, CheckNames.DeployWindow);
        Assert.Equal(expected == DecisionKind.Blocked ? "freeze 'board demo' until 18:00 UTC" : "no freeze in force", result.Reason);
    }

    [Fact]
    public async Task Freeze_blocks_even_inside_an_open_window()
    {
        var pair = new PairHarness(Utc(7, 1, 10));
        pair.Manifest = ManifestBuilder.TwoStage("router").Checks(new ChecksSpec
        {
            Window = Window(9, 0, 16, mode: CheckMode.Shadow),
            Freezes = [new FreezeSpec(Utc(7, 1, 0), Utc(7, 3, 0), "quarter close")],
        });

        var decision = await pair.DecideAsync(_check);

        Assert.Equal(DecisionKind.Blocked, decision.Kind);
        var result = PairHarness.Only(decision, CheckNames.DeployWindow);
        Assert.Equal("freeze 'quarter close' until Fri 00:00 UTC", result.Reason);
        Assert.Equal(Utc(7, 3, 0), result.ClearsAt);
    }
}
