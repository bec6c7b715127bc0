using Deployer.Core.Ports;
using Deployer.Integrations.Http;
using Deployer.Integrations.Tests.Fakes;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Deployer.Integrations.Tests.PagerDuty;

public sealed class PagerDutyIncidentSourceTests : IAsyncLifetime
{
    private FakeHttpServer _server = null!;
    private string _timeout = "00:00:05";

    public async Task InitializeAsync() => _server = await FakeHttpServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private async Task<IReadOnlyList<Incident>> IncidentsAsync(params string[] services)
    {
        using var provider = IntegrationHost.Build(IntegrationHost.FastHttp("PagerDuty", _timeout)
            .With("PagerDuty:Url", _server.Url)
            .With("PagerDuty:ApiKey", "pd-key")
            .With("PagerDuty:PageSize", "2"));
        var source = provider.GetRequiredService<IIncidentSource>();
        Assert.Equal("pagerduty", source.Source);
        return await source.GetOpenIncidentsAsync(services, CancellationToken.None);
    }

    private static string Incident(int n, string service, string status = "triggered") =>
        $$$"""{"id":"P{{{n}}}","incident_number":{{{n}}},"title":"Router 5xx {{{n}}}","status":"{{{status}}}","service":{"id":"{{{service}}}","summary":"Router"}}""";

    [Fact]
    public async Task Pages_with_offset_while_more_is_true_and_maps_each_incident()
    {
        _server.On("GET", "/incidents", ctx => ctx.Request.Query["offset"].ToString() switch
        {
            "0" => FakeHttpServer.Json(ctx, $$"""{"incidents":[{{Incident(1, "PSVC1")}},{{Incident(2, "PSVC2", "acknowledged")}}],"limit":2,"offset":0,"more":true}"""),
            "2" => FakeHttpServer.Json(ctx, $$"""{"incidents":[{{Incident(3, "PSVC1")}}],"limit":2,"offset":2,"more":false}"""),
            _ => FakeHttpServer.Json(ctx, """{"error":{"message":"bad offset","code":2001}}""", 400),
        });

        var incidents = await IncidentsAsync("PSVC1", "PSVC2");

        Assert.Equal(
            [
                new Incident("P1", "PSVC1", "triggered", "#1 Router 5xx 1"),
                new Incident("P2", "PSVC2", "acknowledged", "#2 Router 5xx 2"),
                new Incident("P3", "PSVC1", "triggered", "#3 Router 5xx 3"),
            ],
            incidents);
        Assert.Equal(2, _server.Requests.Count);
    }

    [Fact]
    public async Task Asks_only_for_open_incidents_of_the_listed_services_with_the_v2_headers()
    {
        _server.OnJson("GET", "/incidents", """{"incidents":[],"more":false}""");

        await IncidentsAsync("PSVC1", "PSVC2");

        var request = Assert.Single(_server.Requests);
        Assert.Equal(["triggered", "acknowledged"], request.QueryValues("statuses[]"));
        Assert.Equal(["PSVC1", "PSVC2"], request.QueryValues("service_ids[]"));
        Assert.Equal(["all"], request.QueryValues("date_range"));
        Assert.Equal(["2"], request.QueryValues("limit"));
        Assert.Equal("Token token=pd-key", request.Header("Authorization"));
        Assert.Equal("application/vnd.pagerduty+json;version=2", request.Header("Accept"));
    }

    [Fact]
    public async Task No_services_means_no_call()
    {
        var incidents = await IncidentsAsync();

        Assert.Empty(incidents);
        Assert.Empty(_server.Requests);
    }

    [Fact]
    public async Task Unauthorized_throws_with_pagerdutys_message()
    {
        _server.OnJson("GET", "/incidents", """{"error":{"message":"Unauthorized","code":2006}}""", 401);

        var ex = await Assert.ThrowsAsync<IntegrationException>(() => IncidentsAsync("PSVC1"));

        Assert.Equal("PagerDuty: HTTP 401 Unauthorized: Unauthorized", ex.Message);
    }

    [Fact]
    public async Task A_server_error_is_retried_once_then_thrown()
    {
        _server.On("GET", "/incidents", ctx => { ctx.Response.StatusCode = StatusCodes.Status502BadGateway; return Task.CompletedTask; });

        var ex = await Assert.ThrowsAsync<IntegrationException>(() => IncidentsAsync("PSVC1"));

        Assert.Equal("PagerDuty: HTTP 502 Bad Gateway", ex.Message);
        Assert.Equal(2, _server.Requests.Count);
    }

    [Fact]
    public async Task A_slow_pagerduty_times_out()
    {
        _server.On("GET", "/incidents", FakeHttpServer.Hang);
        _timeout = IntegrationHost.ShortTimeout;

        var ex = await Assert.ThrowsAsync<IntegrationException>(() => IncidentsAsync("PSVC1"));

        Assert.Equal("PagerDuty: timed out after 400ms", ex.Message);
    }

    [Fact]
    public async Task Malformed_json_is_reported_as_such()
    {
        _server.OnJson("GET", "/incidents", """{"incidents":[{"id":"P1"}],"more":false}""");

        var ex = await Assert.ThrowsAsync<IntegrationException>(() => IncidentsAsync("PSVC1"));

        Assert.StartsWith("PagerDuty: malformed JSON: ", ex.Message, StringComparison.Ordinal);
    }
}
