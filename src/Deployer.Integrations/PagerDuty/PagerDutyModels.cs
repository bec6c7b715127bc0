namespace Deployer.Integrations.PagerDuty;

// Wire shapes of GET /incidents (only the fields we read).

internal sealed record PagerDutyIncidentPage
{
    public required List<PagerDutyIncident> Incidents { get; init; }
    public bool More { get; init; }
}

internal sealed record PagerDutyIncident
{
    public required string Id { get; init; }
    public long? IncidentNumber { get; init; }
    public string? Title { get; init; }
    public required string Status { get; init; }
    public required PagerDutyReference Service { get; init; }
}

internal sealed record PagerDutyReference(string Id, string? Summary = null);
