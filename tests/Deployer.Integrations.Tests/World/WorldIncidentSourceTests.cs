using Deployer.Integrations.World;

namespace Deployer.Integrations.Tests.World;

public sealed class WorldIncidentSourceTests
{
    private static readonly WorldFile World = WorldSamples.Parse("""
        { "incidents": [
            { "id": "Q1", "service": "PROUTER", "status": "triggered", "title": "5xx spike" },
            { "id": "Q2", "service": "PROUTER", "status": "acknowledged", "title": "latency" },
            { "id": "Q3", "service": "prouter", "status": "investigating", "title": "eu down" },
            { "id": "Q4", "service": "PROUTER", "status": "resolved", "title": "old" },
            { "id": "Q5", "service": "PBILLING", "status": "triggered", "title": "other service" }
        ] }
        """);

    [Fact]
    public async Task Anything_not_resolved_on_the_listed_services_is_open()
    {
        var open = await new WorldIncidentSource(() => World).GetOpenIncidentsAsync(["PROUTER"], CancellationToken.None);

        Assert.Equal(["Q1", "Q2", "Q3"], open.Select(i => i.Id));
    }

    [Fact]
    public async Task No_services_means_no_incidents() =>
        Assert.Empty(await new WorldIncidentSource(() => World).GetOpenIncidentsAsync([], CancellationToken.None));

    [Fact]
    public void Serves_under_the_given_source_name()
    {
        Assert.Equal("local", new WorldIncidentSource(() => World).Source);
        Assert.Equal("pagerduty", new WorldIncidentSource(() => World, "pagerduty").Source);
    }
}
