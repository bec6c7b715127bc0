namespace Deployer.Core.Manifests;

/// <summary>Promotions are allowed only on <see cref="Days"/> between <see cref="Start"/> and <see cref="End"/>, local to <see cref="TimeZone"/>.</summary>
public sealed record WindowSpec(TimeZoneInfo TimeZone, IReadOnlySet<DayOfWeek> Days, TimeOnly Start, TimeOnly End, CheckMode Mode = CheckMode.Enforce);
