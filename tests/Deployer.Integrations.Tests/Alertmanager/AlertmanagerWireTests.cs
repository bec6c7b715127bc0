using Deployer.Core.Manifests;
using Deployer.Core.Ports;
using Deployer.Integrations.Http;
using Deployer.Integrations.Tests.Fakes;
using Microsoft.Extensions.DependencyInjection;

namespace Deployer.Integrations.Tests.Alertmanager;

/// <summary>The request shape and the failure modes, against a fake that can misbehave on demand.</summary>
public sealed class AlertmanagerWireTests : IAsyncLifetime
{
    private FakeHttpServer _server = null!;
    private string _timeout = "00:00:05";

    public async Task InitializeAsync() => _server = await FakeHttpServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private static AlertSpec Spec(string name, params string[] matchers) => new() { Name = name, Source = "alertmanager", Matchers = matchers };

    private async Task<IReadOnlyDictionary<string, AlertStatus>> StatusAsync(string url, params AlertSpec[] specs)
    {
        using var services = IntegrationHost.Build(IntegrationHost.FastHttp("Alertmanager", _timeout).With("Alertmanager:Url", url));
        return await services.GetRequiredService<IAlertSource>().GetStatusAsync(specs, CancellationToken.None);
    }

    [Fact]
    public async Task Sends_one_request_per_distinct_matcher_set_with_a_filter_per_matcher()
    {
        _server.OnJson("GET", "/prefix/api/v2/alerts", "[]");
        var a = Spec("a", "alertname=\"RouterDown\"", "env=~\"prod|canary\"");
        var sameSetOtherOrder = Spec("b", "env=~\"prod|canary\"", "alertname=RouterDown");
        var other = Spec("c", "alertname=\"Other\"");

        var statuses = await StatusAsync(_server.Url + "/prefix", a, sameSetOtherOrder, other);

        Assert.Equal(3, statuses.Count);
        var requests = _server.Requests;
        Assert.Equal(2, requests.Count);
        var first = requests.Single(r => r.QueryValues("filter").Count == 2);
        Assert.Equal(["true"], first.QueryValues("active"));
        Assert.Equal(["false"], first.QueryValues("silenced"));
        Assert.Equal(["false"], first.QueryValues("inhibited"));
        Assert.Equal(["alertname=\"RouterDown\"", "env=~\"prod|canary\""], first.QueryValues("filter").Order());
    }

    [Fact]
    public async Task A_server_error_on_every_query_throws_naming_alertmanager_and_the_status()
    {
        _server.OnJson("GET", "/api/v2/alerts", "\"overloaded\"", 503);

        var ex = await Assert.ThrowsAsync<IntegrationException>(() => StatusAsync(_server.Url, Spec("a", "alertname=\"A\"")));

        Assert.Equal("Alertmanager: HTTP 503 Service Unavailable: overloaded", ex.Message);
        Assert.Equal(2, _server.Count("GET", "/api/v2/alerts"));
    }

    [Fact]
    public async Task A_hanging_alertmanager_times_out()
    {
        _server.On("GET", "/api/v2/alerts", FakeHttpServer.Hang);
        _timeout = IntegrationHost.ShortTimeout;

        var ex = await Assert.ThrowsAsync<IntegrationException>(() => StatusAsync(_server.Url, Spec("a", "alertname=\"A\"")));

        Assert.Equal("Alertmanager: timed out after 400ms", ex.Message);
    }

    [Fact]
    public async Task Malformed_json_is_reported_as_such()
    {
        _server.OnJson("GET", "/api/v2/alerts", "<html>proxy error</html>");

        var ex = await Assert.ThrowsAsync<IntegrationException>(() => StatusAsync(_server.Url, Spec("a", "alertname=\"A\"")));

        Assert.StartsWith("Alertmanager: malformed JSON: ", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unreachable_alertmanager_says_the_request_failed()
    {
        var url = _server.Url;
        await _server.DisposeAsync();
        _server = await FakeHttpServer.StartAsync();

        var ex = await Assert.ThrowsAsync<IntegrationException>(() => StatusAsync(url, Spec("a", "alertname=\"A\"")));

        Assert.StartsWith("Alertmanager: request failed: ", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task When_only_some_queries_fail_those_alerts_are_unknown_with_the_reason()
    {
        _server.On("GET", "/api/v2/alerts", ctx => ctx.Request.Query["filter"].ToString().Contains("Broken", StringComparison.Ordinal)
            ? FakeHttpServer.Json(ctx, "\"bad matcher\"", 400)
            : FakeHttpServer.Json(ctx, "[]"));
        var broken = Spec("broken", "alertname=\"Broken\"");
        var fine = Spec("fine", "alertname=\"Fine\"");

        var statuses = await StatusAsync(_server.Url, broken, fine);

        Assert.Equal(new AlertStatus(AlertState.Unknown, "Alertmanager: HTTP 400 Bad Request: bad matcher"), statuses[broken.Key]);
        Assert.Equal(AlertState.Ok, statuses[fine.Key].State);
    }
}
