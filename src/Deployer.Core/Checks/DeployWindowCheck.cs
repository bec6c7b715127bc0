using System.Globalization;
using Deployer.Core.Manifests;

namespace Deployer.Core.Checks;

/// <summary><c>deploy-window</c>: inside the allowed window (in its own time zone, DST-aware) and outside every freeze.</summary>
public sealed class DeployWindowCheck : ICheck
{
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
        var local = TimeZoneInfo.ConvertTime(now, window.TimeZone);
        var time = TimeOnly.FromDateTime(local.DateTime);
        var description = Describe(window);
        if (IsInside(window, local.DayOfWeek, time))
        {
            return CheckResult.Pass(Name, $"inside window {description}");
        }

        var opens = NextOpening(window, now);
        var when = opens is { } o
            ? $"opens {TimeZoneInfo.ConvertTime(o, window.TimeZone).ToString("ddd HH:mm", CultureInfo.InvariantCulture)} local ({Reasons.At(o, now)})"
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
        var localNow = TimeZoneInfo.ConvertTime(now, window.TimeZone).DateTime;
        for (var day = 0; day <= 7; day++)
        {
            var date = localNow.Date.AddDays(day);
            if (!window.Days.Contains(date.DayOfWeek))
            {
                continue;
            }

            var utc = FirstInstantAtOrAfter(date + window.Start.ToTimeSpan(), window.TimeZone);
            if (utc > now)
            {
                return utc;
            }
        }

        return null;
    }

    /// <summary>
    /// The first instant at which the wall clock of <paramref name="zone"/> reads <paramref name="local"/> or later:
    /// the first occurrence of an ambiguous time, the moment the clocks land for a time inside a spring-forward gap.
    /// Only UTC→local conversions are used: local→UTC (<c>IsInvalidTime</c>, <c>ConvertTimeToUtc</c>) is wrong for
    /// zones with negative DST such as Europe/Dublin, where it maps gap times to an hour before the clocks change.
    /// </summary>
    private static DateTimeOffset FirstInstantAtOrAfter(DateTime local, TimeZoneInfo zone)
    {
        local = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
        var asUtc = new DateTimeOffset(local, TimeSpan.Zero);
        var candidates = new[] { asUtc.AddDays(-1), asUtc, asUtc.AddDays(1) }
            .Select(zone.GetUtcOffset)
            .Distinct()
            .Select(offset => asUtc - offset)
            .Order()
            .ToList();
        foreach (var candidate in candidates)
        {
            if (TimeZoneInfo.ConvertTime(candidate, zone).DateTime == local)
            {
                return candidate;
            }
        }

        // Inside a gap: the wall clock jumps over local somewhere between the candidates; find the jump.
        // Transitions fall on whole seconds, so search in seconds from the earliest candidate.
        var origin = candidates[0];
        long low = 0;
        var high = (long)(candidates[^1] - origin).TotalSeconds;
        while (low < high)
        {
            var mid = low + ((high - low) / 2);
            if (TimeZoneInfo.ConvertTime(origin.AddSeconds(mid), zone).DateTime >= local)
            {
                high = mid;
            }
            else
            {
                low = mid + 1;
            }
        }

        return origin.AddSeconds(high);
    }

    private static string Describe(WindowSpec window)
    {
        var order = new[] { DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday, DayOfWeek.Saturday, DayOfWeek.Sunday };
        var days = string.Join(",", order.Where(window.Days.Contains).Select(d => d.ToString()[..3]));
        var nextDay = window.CrossesMidnight ? "(+1)" : "";
        return $"{days} {window.Start:HH\\:mm}-{window.End:HH\\:mm}{nextDay} {window.TimeZone.Id}";
    }
}
