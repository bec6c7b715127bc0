using System.Text;
using Deployer.Core.Manifests;
using Deployer.Core.Ports;
using Deployer.Integrations.Http;
using Deployer.Integrations.Tests.Fakes;
using Microsoft.Extensions.DependencyInjection;

namespace Deployer.Integrations.Tests.Librato;

public sealed class LibratoAlertSourceTests : IAsyncLifetime
{
    private FakeHttpServer _server = null!;
    private string _timeout = "00:00:05";

    public async Task InitializeAsync() => _server = await FakeHttpServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private static AlertSpec Spec(long? id) => new() { Name = $"alert {id}", Source = "librato", AlertId = id };

    private async Task<IReadOnlyDictionary<string, AlertStatus>> StatusAsync(params AlertSpec[] specs)
    {
        using var services = IntegrationHost.Build(IntegrationHost.FastHttp("Librato", _timeout)
            .With("Librato:Url", _server.Url)
            .With("Librato:Email", "ops@example.com")
            .With("Librato:Token", "lib-token"));
        var source = services.GetRequiredService<IAlertSource>();
        Assert.Equal("librato", source.Source);
        return await source.GetStatusAsync(specs, CancellationToken.None);
    }

    [Fact]
    public async Task An_alert_is_firing_when_its_id_is_listed_in_firing_and_ok_otherwise()
    {
        _server.OnJson("GET", "/v1/alerts/status", """{"firing":[{"id":106,"triggered_at":1714557600}],"cleared":[{"id":107,"cleared_at":1714557000}]}""");
        var firing = Spec(106);
        var cleared = Spec(107);
        var unknownId = Spec(null);

        var statuses = await StatusAsync(firing, cleared, unknownId);

        Assert.Equal(AlertState.Firing, statuses[firing.Key].State);
        Assert.StartsWith("Librato alert 106 firing since ", statuses[firing.Key].Detail, StringComparison.Ordinal);
        Assert.Equal(AlertState.Ok, statuses[cleared.Key].State);
        Assert.Equal(AlertState.Unknown, statuses[unknownId.Key].State);
    }

    [Fact]
    public async Task Makes_one_basic_authenticated_call_for_all_alerts()
    {
        _server.OnJson("GET", "/v1/alerts/status", """{"firing":[],"cleared":[]}""");

        await StatusAsync(Spec(1), Spec(2), Spec(3));

        var request = Assert.Single(_server.Requests);
        Assert.Equal("Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("ops@example.com:lib-token")), request.Header("Authorization"));
    }

    [Fact]
    public async Task Unauthorized_throws_naming_librato()
    {
        _server.OnJson("GET", "/v1/alerts/status", """{"errors":{"request":["Authorization Required"]}}""", 401);

        var ex = await Assert.ThrowsAsync<IntegrationException>(() => StatusAsync(Spec(1)));

        Assert.Equal("Librato: HTTP 401 Unauthorized", ex.Message);
    }

    [Fact]
    public async Task A_timeout_throws_with_the_configured_duration()
    {
        _server.On("GET", "/v1/alerts/status", FakeHttpServer.Hang);
        _timeout = IntegrationHost.ShortTimeout;

        var ex = await Assert.ThrowsAsync<IntegrationException>(() => StatusAsync(Spec(1)));

        Assert.Equal("Librato: timed out after 400ms", ex.Message);
    }

    [Fact]
    public async Task A_body_without_firing_is_malformed()
    {
        _server.OnJson("GET", "/v1/alerts/status", """{"cleared":[]}""");

        var ex = await Assert.ThrowsAsync<IntegrationException>(() => StatusAsync(Spec(1)));

        Assert.StartsWith("Librato: malformed JSON: ", ex.Message, StringComparison.Ordinal);
    }
}
