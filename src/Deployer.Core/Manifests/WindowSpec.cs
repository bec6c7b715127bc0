using NodaTime;

namespace Deployer.Core.Manifests;

/// <summary>
/// Promotions are allowed only on <see cref="Days"/> between <see cref="Start"/> and <see cref="End"/>, local to <see cref="TimeZone"/>
/// (a tzdb zone, e.g. <c>DateTimeZoneProviders.Tzdb["Europe/Dublin"]</c>).
/// When <see cref="End"/> is before <see cref="Start"/> the window crosses midnight: it opens on each listed day and closes the day after.
/// </summary>
public sealed record WindowSpec(DateTimeZone TimeZone, IReadOnlySet<DayOfWeek> Days, TimeOnly Start, TimeOnly End, CheckMode Mode = CheckMode.Enforce)
{
    /// <summary>True when the window opens on one day and closes on the next (e.g. 22:00-06:00).</summary>
    public bool CrossesMidnight => End < Start;
}
