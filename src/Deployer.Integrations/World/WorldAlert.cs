namespace Deployer.Integrations.World;

/// <summary>An alert as Alertmanager would list it: its labels and state (<c>active</c>, <c>suppressed</c>, <c>resolved</c>…).</summary>
public sealed record WorldAlert(IReadOnlyDictionary<string, string> Labels, string State = WorldAlert.Active)
{
    public const string Active = "active";

    public DateTimeOffset? StartsAt { get; init; }

    public bool IsActive => string.Equals(State, Active, StringComparison.OrdinalIgnoreCase);
}
