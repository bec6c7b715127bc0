namespace Deployer.Core.Manifests;

/// <summary>No open incident on any of the listed incident-service ids.</summary>
public sealed record IncidentsSpec(IReadOnlyList<string> Services, CheckMode Mode = CheckMode.Enforce)
{
    /// <summary><c>pagerduty</c>, <c>statuspage</c> or <c>local</c>; null means the configured default.</summary>
    public string? Source { get; init; }
}
