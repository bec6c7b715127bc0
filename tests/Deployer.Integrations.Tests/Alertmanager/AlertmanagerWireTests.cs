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
    public async Task Answers_every_spec_with_one_unfiltered_request_for_active_unsilenced_uninhibited_alerts()
    {
        _server.OnJson("GET", "/prefix/api/v2/alerts", "[]");
        var a = Spec("a", "alertname=\"RouterDown\"", "env=~\"prod|canary\"");
        var sameSetOtherOrder = Spec("b", "env=~\"prod|canary\"", "alertname=RouterDown");
        var other = Spec("c", "alertname=\"Other\"");
        var negative = Spec("d", "service!=\"billing\"");

        var statuses = await StatusAsync(_server.Url + "/prefix", a, sameSetOtherOrder, other, negative);

        Assert.Equal(4, statuses.Count);
        Assert.All(statuses.Values, s => Assert.Equal(new AlertStatus(AlertState.Ok, "no active alert matches"), s));
        var request = Assert.Single(_server.Requests);
        Assert.Equal("/prefix/api/v2/alerts", request.Path);
        Assert.Equal(["true"], request.QueryValues("active"));
        Assert.Equal(["false"], request.QueryValues("silenced"));
        Assert.Equal(["false"], request.QueryValues("inhibited"));
        Assert.Empty(request.QueryValues("filter"));
    }

    [Fact]
    public async Task Makes_no_request_when_no_spec_has_usable_matchers()
    {
        var statuses = await StatusAsync(_server.Url, Spec("bad", "alertname=\"Router"), Spec("empty"));

        Assert.All(statuses.Values, s => Assert.Equal(AlertState.Unknown, s.State));
        Assert.Empty(_server.Requests);
    }

    [Fact]
    public async Task A_server_error_throws_naming_alertmanager_and_the_status_so_every_spec_fails_closed()
    {
        _server.OnJson("GET", "/api/v2/alerts", "\"overloaded\"", 503);

        var ex = await Assert.ThrowsAsync<IntegrationException>(() => StatusAsync(_server.Url, Spec("a", "alertname=\"A\""), Spec("b", "alertname=\"B\"")));

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
}
