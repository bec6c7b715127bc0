using Deployer.Core.Ports;
using Deployer.Integrations.Http;
using Deployer.Integrations.Tests.Fakes;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Deployer.Integrations.Tests.PagerDuty;

/// <summary>Many services: the ids are split over several <c>GET /incidents</c> so no URL gets long enough for a 414.</summary>
public sealed class PagerDutyChunkingTests : IAsyncLifetime
{
    private const int MaxUrlLength = 8 * 1024;
    private FakeHttpServer _server = null!;

    public async Task InitializeAsync() => _server = await FakeHttpServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    /// <summary>PagerDuty-style ids: <c>P</c> and six characters.</summary>
    private static string[] ServiceIds(int count, string prefix = "PS") =>
        Enumerable.Range(0, count).Select(i => $"{prefix}{i:X5}"[..7]).ToArray();

    private async Task<IReadOnlyList<Incident>> IncidentsAsync(IReadOnlyCollection<string> services, string? maxServicesPerRequest = null)
    {
        var settings = IntegrationHost.FastHttp("PagerDuty")
            .With("PagerDuty:Url", _server.Url)
            .With("PagerDuty:ApiKey", "pd-key")
            .With("PagerDuty:PageSize", "2");
        if (maxServicesPerRequest is not null)
        {
            settings.With("PagerDuty:MaxServicesPerRequest", maxServicesPerRequest);
        }

        using var provider = IntegrationHost.Build(settings);
        return await provider.GetRequiredService<IIncidentSource>().GetOpenIncidentsAsync(services, CancellationToken.None);
    }

    private static string Incident(string id, string service) =>
        $$$"""{"id":"{{{id}}}","incident_number":1,"title":"Down","status":"triggered","service":{"id":"{{{service}}}","summary":"svc"}}""";

    private static string Page(bool more, params string[] incidents) =>
        $$"""{"incidents":[{{string.Join(",", incidents)}}],"limit":2,"more":{{(more ? "true" : "false")}}}""";

    private static string[] Services(HttpContext context) => context.Request.Query["service_ids[]"].Select(s => s!).ToArray();

    [Fact]
    public async Task Splits_250_services_into_3_requests_of_at_most_100_ids_each_and_merges_the_answers()
    {
        var services = ServiceIds(250);
        _server.On("GET", "/incidents", ctx => FakeHttpServer.Json(ctx, Page(false, Incident("Q" + Services(ctx)[0], Services(ctx)[0]))));

        var incidents = await IncidentsAsync(services);

        var requests = _server.Requests;
        Assert.Equal(3, requests.Count);
        Assert.All(requests, r =>
        {
            Assert.InRange(r.QueryValues("service_ids[]").Count, 1, 100);
            Assert.InRange((_server.Url + r.Path + r.Query).Length, 1, MaxUrlLength - 1);
            Assert.Equal(["triggered", "acknowledged"], r.QueryValues("statuses[]"));
            Assert.Equal(["0"], r.QueryValues("offset"));
        });
        Assert.Equal(services.Order(StringComparer.Ordinal), requests.SelectMany(r => r.QueryValues("service_ids[]")).Order(StringComparer.Ordinal));
        Assert.Equal(["PS00000", "PS00064", "PS000C8"], incidents.Select(i => i.Service).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Follows_the_pages_of_each_chunk_with_that_chunks_own_services()
    {
        _server.On("GET", "/incidents", ctx =>
        {
            var first = Services(ctx)[0];
            return ctx.Request.Query["offset"].ToString() == "0"
                ? FakeHttpServer.Json(ctx, Page(true, Incident($"{first}-1", first), Incident($"{first}-2", first)))
                : FakeHttpServer.Json(ctx, Page(false, Incident($"{first}-3", first)));
        });

        var incidents = await IncidentsAsync(["PA", "PB", "PC", "PD", "PE"], maxServicesPerRequest: "2");

        Assert.Equal(6, _server.Requests.Count);
        foreach (var chunk in new[] { new[] { "PA", "PB" }, ["PC", "PD"], ["PE"] })
        {
            var asked = _server.Requests.Where(r => r.QueryValues("service_ids[]").SequenceEqual(chunk)).ToList();
            Assert.Equal(["0", "2"], asked.Select(r => r.QueryValues("offset").Single()).Order(StringComparer.Ordinal));
        }

        Assert.Equal(
            ["PA-1", "PA-2", "PA-3", "PC-1", "PC-2", "PC-3", "PE-1", "PE-2", "PE-3"],
            incidents.Select(i => i.Id).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Duplicate_services_are_asked_once_and_a_repeated_incident_is_reported_once()
    {
        var services = ServiceIds(150);
        _server.On("GET", "/incidents", ctx => FakeHttpServer.Json(ctx, Page(false, Incident("PSAME", "PS00000"), Incident("Q" + Services(ctx)[^1], Services(ctx)[^1]))));

        var incidents = await IncidentsAsync([.. services, .. services]);

        Assert.Equal(2, _server.Requests.Count);
        Assert.Equal(150, _server.Requests.SelectMany(r => r.QueryValues("service_ids[]")).Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(3, incidents.Count);
        Assert.Single(incidents, i => i.Id == "PSAME");
    }

    [Fact]
    public async Task One_failing_chunk_fails_the_whole_call()
    {
        var services = ServiceIds(250);
        _server.On("GET", "/incidents", ctx => Services(ctx).Contains("PS00064")
            ? ctx.Request.Query["offset"].ToString() == "0"
                ? FakeHttpServer.Json(ctx, Page(true, Incident("P1", "PS00064"), Incident("P2", "PS00064")))
                : FakeHttpServer.Json(ctx, """{"error":{"message":"Unauthorized","code":2006}}""", 401)
            : FakeHttpServer.Json(ctx, Page(false, Incident("Q" + Services(ctx)[0], Services(ctx)[0]))));

        var ex = await Assert.ThrowsAsync<IntegrationException>(() => IncidentsAsync(services));

        Assert.Equal("PagerDuty: HTTP 401 Unauthorized: Unauthorized", ex.Message);
    }

    [Fact]
    public async Task A_hanging_chunk_is_not_waited_for_once_another_chunk_has_failed()
    {
        _server.On("GET", "/incidents", ctx => Services(ctx).Contains("PB")
            ? FakeHttpServer.Hang(ctx)
            : FakeHttpServer.Json(ctx, """{"error":{"message":"Invalid Input Provided","code":2001}}""", 400));
        var started = System.Diagnostics.Stopwatch.StartNew();

        var ex = await Assert.ThrowsAsync<IntegrationException>(() => IncidentsAsync(["PA", "PB"], maxServicesPerRequest: "1"));

        Assert.Equal("PagerDuty: HTTP 400 Bad Request: Invalid Input Provided", ex.Message);
        Assert.InRange(started.Elapsed, TimeSpan.Zero, TimeSpan.FromSeconds(4));
    }
}
