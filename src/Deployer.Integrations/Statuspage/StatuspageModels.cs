namespace Deployer.Integrations.Statuspage;

// Wire shape of GET /api/v2/incidents/unresolved.json (only the fields we read).

internal sealed record StatuspageIncidents
{
    public required List<StatuspageIncident> Incidents { get; init; }
}

internal sealed record StatuspageIncident
{
    public required string Id { get; init; }
    public string? Name { get; init; }
    public required string Status { get; init; }
    public string? Impact { get; init; }
}
