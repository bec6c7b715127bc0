using System.Globalization;
using Deployer.Core.Manifests;
using NodaTime;
using NodaTime.Text;
using NodaTime.TimeZones;
using NodaTime.Utility;

namespace Deployer.Core.Checks;

/// <summary><c>deploy-window</c>: inside the allowed window (in its own time zone, DST-aware) and outside every freeze.</summary>
public sealed class DeployWindowCheck : ICheck
{
    // A window opens whenever the wall clock of its zone reads its start on a listed day. NodaTime maps that local time
    // to instants: a start inside a spring-forward gap never shows on the clock, so it opens at the first instant after
    // the gap, when the clocks land (ReturnStartOfIntervalAfter); a start inside the repeated autumn hour shows twice,
    // so it opens at the first occurrence (ReturnEarlier), and at the repeat (ReturnLater) when the first one has
    // already passed: the clock reads the start again there, which IsInside treats as open too.
    private static readonly ZoneLocalMappingResolver FirstOccurrence =
        Resolvers.CreateMappingResolver(Resolvers.ReturnEarlier, Resolvers.ReturnStartOfIntervalAfter);

    private static readonly ZoneLocalMappingResolver Repeat =
        Resolvers.CreateMappingResolver(Resolvers.ReturnLater, Resolvers.ReturnStartOfIntervalAfter);

    private static readonly LocalDateTimePattern OpensPattern = LocalDateTimePattern.Create("ddd HH:mm", CultureInfo.InvariantCulture);

    public string Name => CheckNames.DeployWindow;
    public bool IsLocal => true;

    public ValueTask<IReadOnlyList<CheckResult>> EvaluateAsync(CheckContext context, CancellationToken cancellationToken)
    {
        var window = context.Checks.Window;
        var freezes = context.Checks.Freezes ?? [];
        if (window is null && freezes.Count == 0)
        {
            return ValueTask.FromResult<IReadOnlyList<CheckResult>>([]);
        }

        var now = context.Now;
        var freeze = freezes.Where(f => now >= f.From && now < f.To).OrderByDescending(f => f.To).FirstOrDefault();
        if (freeze is not null)
        {
            var frozen = CheckResult.Fail(Name, $"freeze '{freeze.Reason}' until {Reasons.At(freeze.To, now)}") with { ClearsAt = freeze.To };
            return ValueTask.FromResult<IReadOnlyList<CheckResult>>([frozen]);
        }

        if (window is null)
        {
            return ValueTask.FromResult<IReadOnlyList<CheckResult>>([CheckResult.Pass(Name, "no freeze in force")]);
        }

        return ValueTask.FromResult<IReadOnlyList<CheckResult>>([Evaluate(window, now).Apply(window.Mode)]);
    }

    /// <summary>Whether <paramref name="now"/> falls inside <paramref name="window"/>, with the next opening when not.</summary>
    public CheckResult Evaluate(WindowSpec window, DateTimeOffset now)
    {
        var local = Instant.FromDateTimeOffset(now).InZone(window.TimeZone).LocalDateTime;
        var description = Describe(window);
        if (IsInside(window, BclConversions.ToDayOfWeek(local.DayOfWeek), local.TimeOfDay.ToTimeOnly()))
        {
            return CheckResult.Pass(Name, $"inside window {description}");
        }

        var opens = NextOpening(window, now);
        var when = opens is { } o
            ? $"opens {OpensPattern.Format(Instant.FromDateTimeOffset(o).InZone(window.TimeZone).LocalDateTime)} local ({Reasons.At(o, now)})"
            : "never opens";
        return CheckResult.Fail(Name, $"outside window {description}; {when}") with { ClearsAt = opens };
    }

    /// <summary>
    /// Compares wall-clock times, as for same-day windows, so DST nights need no special case: the spring gap simply never
    /// shows on the clock and the repeated autumn hour is read twice (so a window ending inside that hour reopens for its
    /// repeat, exactly as a same-day window does). <see cref="WindowSpec.Days"/> are the days a window
    /// opens, so the part after midnight belongs to the day before.
    /// </summary>
    private static bool IsInside(WindowSpec window, DayOfWeek day, TimeOnly time)
    {
        if (!window.CrossesMidnight)
        {
            return window.Days.Contains(day) && time >= window.Start && time < window.End;
        }

        var previous = (DayOfWeek)(((int)day + 6) % 7);
        return (window.Days.Contains(day) && time >= window.Start) || (window.Days.Contains(previous) && time < window.End);
    }

    /// <summary>The first instant after <paramref name="now"/> at which the window opens.</summary>
    public static DateTimeOffset? NextOpening(WindowSpec window, DateTimeOffset now)
    {
        var instant = Instant.FromDateTimeOffset(now);
        var today = instant.InZone(window.TimeZone).Date;
        var start = LocalTime.FromTimeOnly(window.Start);
        for (var day = 0; day <= 7; day++)
        {
            var date = today.PlusDays(day);
            if (!window.Days.Contains(BclConversions.ToDayOfWeek(date.DayOfWeek)))
            {
                continue;
            }

            foreach (var resolver in (ReadOnlySpan<ZoneLocalMappingResolver>)[FirstOccurrence, Repeat])
            {
                var opens = window.TimeZone.ResolveLocal(date + start, resolver).ToInstant();
                if (opens > instant)
                {
                    return opens.ToDateTimeOffset();
                }
            }
        }

        return null;
    }

    private static string Describe(WindowSpec window)
    {
        var order = new[] { DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday, DayOfWeek.Saturday, DayOfWeek.Sunday };
        var days = string.Join(",", order.Where(window.Days.Contains).Select(d => d.ToString()[..3]));
        var nextDay = window.CrossesMidnight ? "(+1)" : "";
        return $"{days} {window.Start:HH\\:mm}-{window.End:HH\\:mm}{nextDay} {window.TimeZone.Id}";
    }
}
