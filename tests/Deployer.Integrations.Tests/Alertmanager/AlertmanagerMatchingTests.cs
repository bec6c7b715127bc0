using System.Text.Json;
using Deployer.Core.Manifests;
using Deployer.Core.Ports;
using Deployer.Integrations.Http;
using Deployer.Integrations.Tests.Fakes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Deployer.Integrations.Tests.Alertmanager;

/// <summary>Matchers are evaluated locally against one unfiltered answer; a fake Alertmanager returns fixed alerts.</summary>
public sealed class AlertmanagerMatchingTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Now = new(2024, 5, 1, 14, 30, 0, TimeSpan.Zero);
    private readonly List<object> _alerts = [];
    private FakeHttpServer _server = null!;

    public async Task InitializeAsync()
    {
        _server = await FakeHttpServer.StartAsync();
        _server.On("GET", "/api/v2/alerts", ctx => FakeHttpServer.Json(ctx, JsonSerializer.Serialize(_alerts)));
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private static AlertSpec Spec(string name, params string[] matchers) => new() { Name = name, Source = "alertmanager", Matchers = matchers };

    /// <summary>An alert as API v2 lists it (<c>GettableAlert</c>).</summary>
    private void Alert(string state, DateTimeOffset startsAt, params (string Name, string Value)[] labels) => _alerts.Add(new
    {
        annotations = new Dictionary<string, string>(),
        endsAt = startsAt.AddHours(4),
        fingerprint = Guid.NewGuid().ToString("N")[..16],
        receivers = new[] { new { name = "null" } },
        startsAt,
        status = new { inhibitedBy = Array.Empty<string>(), silencedBy = Array.Empty<string>(), state },
        updatedAt = startsAt,
        labels = labels.ToDictionary(l => l.Name, l => l.Value),
    });

    private void Active(params (string Name, string Value)[] labels) => Alert("active", Now.AddMinutes(-28), labels);

    private async Task<IReadOnlyDictionary<string, AlertStatus>> StatusAsync(params AlertSpec[] specs)
    {
        using var services = IntegrationHost.Build(
            IntegrationHost.FastHttp("Alertmanager").With("Alertmanager:Url", _server.Url), new FakeTimeProvider(Now));
        return await services.GetRequiredService<IAlertSource>().GetStatusAsync(specs, CancellationToken.None);
    }

    [Fact]
    public async Task Several_specs_are_answered_from_one_request()
    {
        Active(("alertname", "RouterDown"), ("service", "router"));
        Alert("active", Now.AddMinutes(-10), ("alertname", "RouterSlow"), ("service", "router"));
        Active(("alertname", "BillingDown"), ("service", "billing"));
        var specs = Enumerable.Range(0, 50).Select(i => Spec($"quiet {i}", $"service=\"svc-{i}\"")).ToList();
        var router = Spec("router", "service=\"router\"");
        var billing = Spec("billing", "alertname=\"BillingDown\"", "service=billing");

        var statuses = await StatusAsync([.. specs, router, billing]);

        Assert.Equal(1, _server.Count("GET", "/api/v2/alerts"));
        Assert.Equal(52, statuses.Count);
        Assert.All(specs, s => Assert.Equal(AlertState.Ok, statuses[s.Key].State));
        Assert.Equal(new AlertStatus(AlertState.Firing, "RouterDown, RouterSlow firing since 14:02 UTC (2 alerts)"), statuses[router.Key]);
        Assert.Equal(new AlertStatus(AlertState.Firing, "BillingDown firing since 14:02 UTC"), statuses[billing.Key]);
    }

    [Fact]
    public async Task Regex_matchers_must_match_the_whole_label_value()
    {
        Active(("alertname", "RouterDown"));
        var prefix = Spec("prefix", "alertname=~\"Router\"");
        var suffix = Spec("suffix", "alertname=~\"Down\"");
        var middle = Spec("middle", "alertname=~\"outerDow\"");
        var whole = Spec("whole", "alertname=~\"Router.*\"");
        var alternation = Spec("alternation", "alertname=~\"Billing|RouterDown\"");

        var statuses = await StatusAsync(prefix, suffix, middle, whole, alternation);

        Assert.Equal(AlertState.Ok, statuses[prefix.Key].State);
        Assert.Equal(AlertState.Ok, statuses[suffix.Key].State);
        Assert.Equal(AlertState.Ok, statuses[middle.Key].State);
        Assert.Equal(AlertState.Firing, statuses[whole.Key].State);
        Assert.Equal(AlertState.Firing, statuses[alternation.Key].State);
    }

    [Fact]
    public async Task Negative_matchers_exclude_only_the_values_they_match()
    {
        Active(("alertname", "RouterDown"), ("service", "router"));
        Active(("alertname", "BillingDown"), ("service", "billing"));
        var notBilling = Spec("not billing", "service!=\"billing\"");
        var notBillingRegex = Spec("not bill.*", "service!~\"bill.*\"");
        var notBillAnchored = Spec("not bill", "service!~\"bill\"");
        var neither = Spec("neither", "service!~\"router|billing\"");

        var statuses = await StatusAsync(notBilling, notBillingRegex, notBillAnchored, neither);

        Assert.StartsWith("RouterDown firing since ", statuses[notBilling.Key].Detail, StringComparison.Ordinal);
        Assert.StartsWith("RouterDown firing since ", statuses[notBillingRegex.Key].Detail, StringComparison.Ordinal);
        Assert.EndsWith("(2 alerts)", statuses[notBillAnchored.Key].Detail, StringComparison.Ordinal);
        Assert.Equal(AlertState.Ok, statuses[neither.Key].State);
    }

    [Fact]
    public async Task A_missing_label_matches_as_the_empty_string()
    {
        Active(("alertname", "RouterDown"));
        var equalsEmpty = Spec("region empty", "region=\"\"");
        var notEmpty = Spec("region set", "region!=\"\"");
        var equalsValue = Spec("region eu", "region=\"eu\"");
        var notValue = Spec("region not eu", "region!=\"eu\"");
        var regexAllowingEmpty = Spec("eu or none", "region=~\"eu|\"");
        var regexNeedingText = Spec("any region", "region=~\".+\"");
        var negativeRegex = Spec("no region", "region!~\".+\"");

        var statuses = await StatusAsync(equalsEmpty, notEmpty, equalsValue, notValue, regexAllowingEmpty, regexNeedingText, negativeRegex);

        Assert.Equal(AlertState.Firing, statuses[equalsEmpty.Key].State);
        Assert.Equal(AlertState.Ok, statuses[notEmpty.Key].State);
        Assert.Equal(AlertState.Ok, statuses[equalsValue.Key].State);
        Assert.Equal(AlertState.Firing, statuses[notValue.Key].State);
        Assert.Equal(AlertState.Firing, statuses[regexAllowingEmpty.Key].State);
        Assert.Equal(AlertState.Ok, statuses[regexNeedingText.Key].State);
        Assert.Equal(AlertState.Firing, statuses[negativeRegex.Key].State);
    }

    [Fact]
    public async Task Only_an_alert_in_state_active_fires()
    {
        Alert("unprocessed", Now.AddMinutes(-1), ("alertname", "RouterDown"), ("service", "router"));
        Alert("suppressed", Now.AddMinutes(-1), ("alertname", "RouterSlow"), ("service", "router"));
        var spec = Spec("router", "service=\"router\"");

        var status = (await StatusAsync(spec))[spec.Key];

        Assert.Equal(new AlertStatus(AlertState.Ok, "no active alert matches"), status);
    }

    [Fact]
    public async Task Bad_or_missing_matchers_are_unknown_while_the_other_specs_are_answered()
    {
        Active(("alertname", "RouterDown"));
        var bad = Spec("bad", "alertname=~\"(Router\"");
        var empty = Spec("empty");
        var good = Spec("good", "alertname=\"RouterDown\"");

        var statuses = await StatusAsync(bad, empty, good);

        Assert.Equal(AlertState.Unknown, statuses[bad.Key].State);
        Assert.Contains("invalid regex", statuses[bad.Key].Detail, StringComparison.Ordinal);
        Assert.Equal(new AlertStatus(AlertState.Unknown, "no matchers configured"), statuses[empty.Key]);
        Assert.Equal(AlertState.Firing, statuses[good.Key].State);
        Assert.Single(_server.Requests);
    }

    [Fact]
    public async Task An_alert_without_a_status_is_malformed_and_throws()
    {
        _server.OnJson("GET", "/api/v2/alerts", """[{"labels":{"alertname":"RouterDown"},"startsAt":"2024-05-01T14:00:00Z"}]""");

        var ex = await Assert.ThrowsAsync<IntegrationException>(() => StatusAsync(Spec("a", "alertname=\"RouterDown\"")));

        Assert.StartsWith("Alertmanager: malformed JSON: ", ex.Message, StringComparison.Ordinal);
    }
}
