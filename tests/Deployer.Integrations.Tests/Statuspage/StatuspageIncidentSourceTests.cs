using Deployer.Core.Ports;
using Deployer.Integrations.Http;
using Deployer.Integrations.Tests.Fakes;
using Microsoft.Extensions.DependencyInjection;

namespace Deployer.Integrations.Tests.Statuspage;

public sealed class StatuspageIncidentSourceTests : IAsyncLifetime
{
    private FakeHttpServer _server = null!;
    private string _timeout = "00:00:05";

    public async Task InitializeAsync() => _server = await FakeHttpServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private async Task<IReadOnlyList<Incident>> IncidentsAsync(params string[] services)
    {
        using var provider = IntegrationHost.Build(IntegrationHost.FastHttp("Statuspage", _timeout).With("Statuspage:Url", _server.Url));
        var source = provider.GetRequiredService<IIncidentSource>();
        Assert.Equal("statuspage", source.Source);
        return await source.GetOpenIncidentsAsync(services, CancellationToken.None);
    }

    [Fact]
    public async Task Each_unresolved_incident_applies_to_every_requested_service()
    {
        _server.OnJson("GET", "/api/v2/incidents/unresolved.json", """
            {"page":{"id":"pg"},"incidents":[
              {"id":"inc1","name":"Elevated errors","status":"investigating","impact":"major"},
              {"id":"inc2","name":"Slow dashboard","status":"monitoring","impact":"none"}]}
            """);

        var incidents = await IncidentsAsync("router", "billing");

        Assert.Equal(
            [
                new Incident("inc1", "router", "investigating", "Elevated errors (impact: major)"),
                new Incident("inc1", "billing", "investigating", "Elevated errors (impact: major)"),
                new Incident("inc2", "router", "monitoring", "Slow dashboard"),
                new Incident("inc2", "billing", "monitoring", "Slow dashboard"),
            ],
            incidents);
    }

    [Fact]
    public async Task No_unresolved_incidents_means_none()
    {
        _server.OnJson("GET", "/api/v2/incidents/unresolved.json", """{"incidents":[]}""");

        Assert.Empty(await IncidentsAsync("router"));
    }

    [Fact]
    public async Task A_server_error_throws_naming_statuspage()
    {
        _server.OnJson("GET", "/api/v2/incidents/unresolved.json", "{}", 500);

        var ex = await Assert.ThrowsAsync<IntegrationException>(() => IncidentsAsync("router"));

        Assert.Equal("Statuspage: HTTP 500 Internal Server Error", ex.Message);
    }

    [Fact]
    public async Task Malformed_json_is_reported_as_such()
    {
        _server.OnJson("GET", "/api/v2/incidents/unresolved.json", "{\"incidents\":");

        var ex = await Assert.ThrowsAsync<IntegrationException>(() => IncidentsAsync("router"));

        Assert.StartsWith("Statuspage: malformed JSON: ", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_timeout_is_reported_with_its_duration()
    {
        _server.On("GET", "/api/v2/incidents/unresolved.json", FakeHttpServer.Hang);
        _timeout = IntegrationHost.ShortTimeout;

        var ex = await Assert.ThrowsAsync<IntegrationException>(() => IncidentsAsync("router"));

        Assert.Equal("Statuspage: timed out after 400ms", ex.Message);
    }
}
