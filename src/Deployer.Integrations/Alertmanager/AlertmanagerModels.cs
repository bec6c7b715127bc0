namespace Deployer.Integrations.Alertmanager;

// Wire shapes of Alertmanager's API v2 (only the fields we read).

internal sealed record AlertmanagerAlert
{
    public required Dictionary<string, string> Labels { get; init; }
    public required AlertmanagerAlertStatus Status { get; init; }
    public DateTimeOffset? StartsAt { get; init; }
    public string? Fingerprint { get; init; }
}

internal sealed record AlertmanagerAlertStatus(string State);
