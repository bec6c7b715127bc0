using Deployer.Core.Manifests;
using Deployer.Core.Ports;
using Deployer.Integrations.Alertmanager;
using Deployer.Integrations.Tests.Fakes;
using Microsoft.Extensions.DependencyInjection;

namespace Deployer.Integrations.Tests.Alertmanager;

/// <summary>Against a real Alertmanager: each test labels its alerts with its own <c>run</c> id so tests never see each other's.</summary>
public sealed class AlertmanagerAlertSourceTests(AlertmanagerFixture alertmanager) : IClassFixture<AlertmanagerFixture>
{
    private readonly string _run = Guid.NewGuid().ToString("N");

    private static AlertSpec Spec(string name, params string[] matchers) => new() { Name = name, Source = "alertmanager", Matchers = matchers };

    private async Task<IReadOnlyDictionary<string, AlertStatus>> StatusAsync(params AlertSpec[] specs)
    {
        using var services = IntegrationHost.Build(IntegrationHost.FastHttp("Alertmanager").With("Alertmanager:Url", alertmanager.Url));
        var source = services.GetRequiredService<IAlertSource>();
        Assert.Equal("alertmanager", source.Source);
        return await source.GetStatusAsync(specs, CancellationToken.None);
    }

    private object Alert(string alertname, string service = "router", DateTimeOffset? endsAt = null) => new
    {
        labels = new Dictionary<string, string> { ["alertname"] = alertname, ["service"] = service, ["run"] = _run },
        startsAt = DateTimeOffset.UtcNow.AddMinutes(-5),
        endsAt = endsAt ?? DateTimeOffset.UtcNow.AddHours(1),
    };

    [Fact]
    public async Task Fires_when_an_active_alert_matches_every_matcher()
    {
        await alertmanager.PostAlertsAsync(Alert("RouterDown"));
        await alertmanager.WaitForStatesAsync($"run=\"{_run}\"", "active");
        var spec = Spec("router down", "alertname=\"RouterDown\"", $"run=\"{_run}\"", "service=router");

        var status = (await StatusAsync(spec))[spec.Key];

        Assert.Equal(AlertState.Firing, status.State);
        Assert.StartsWith("RouterDown firing since ", status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Is_ok_when_no_active_alert_matches_all_matchers()
    {
        await alertmanager.PostAlertsAsync(Alert("RouterDown", service: "billing"));
        await alertmanager.WaitForStatesAsync($"run=\"{_run}\"", "active");
        var spec = Spec("router down", "alertname=\"RouterDown\"", $"run=\"{_run}\"", "service=\"router\"");

        var status = (await StatusAsync(spec))[spec.Key];

        Assert.Equal(AlertState.Ok, status.State);
    }

    [Fact]
    public async Task Regex_and_negative_matchers_agree_with_a_real_alertmanager()
    {
        await alertmanager.PostAlertsAsync(Alert("RouterLatencyHigh"), Alert("RouterErrors", service: "billing"));
        await alertmanager.WaitForStatesAsync($"run=\"{_run}\"", "active", "active");
        var regex = Spec("latency", "alertname=~\"Router.*High\"", $"run=\"{_run}\"");
        var negative = Spec("not billing", "alertname=~\"Router.*\"", "service!=\"billing\"", $"run=\"{_run}\"");
        var none = Spec("none", "alertname!~\"Router.*\"", $"run=\"{_run}\"");

        var statuses = await StatusAsync(regex, negative, none);

        Assert.Equal(AlertState.Firing, statuses[regex.Key].State);
        Assert.Equal("RouterLatencyHigh firing", statuses[negative.Key].Detail[.."RouterLatencyHigh firing".Length]);
        Assert.Equal(AlertState.Ok, statuses[none.Key].State);
    }

    [Fact]
    public async Task A_silenced_alert_does_not_block()
    {
        await alertmanager.PostAlertsAsync(Alert("RouterDown"));
        await alertmanager.SilenceAsync("run", _run);
        await alertmanager.WaitForStatesAsync($"run=\"{_run}\"", "suppressed");
        var spec = Spec("router down", "alertname=\"RouterDown\"", $"run=\"{_run}\"");

        var status = (await StatusAsync(spec))[spec.Key];

        Assert.Equal(AlertState.Ok, status.State);
    }

    [Fact]
    public async Task A_resolved_alert_does_not_block()
    {
        await alertmanager.PostAlertsAsync(Alert("RouterDown", endsAt: DateTimeOffset.UtcNow.AddSeconds(-1)));
        var spec = Spec("router down", "alertname=\"RouterDown\"", $"run=\"{_run}\"");

        var status = (await StatusAsync(spec))[spec.Key];

        Assert.Equal(AlertState.Ok, status.State);
    }

    [Fact]
    public async Task Several_firing_alerts_are_summarised_in_one_detail()
    {
        await alertmanager.PostAlertsAsync(Alert("RouterDown"), Alert("RouterSlow"));
        await alertmanager.WaitForStatesAsync($"run=\"{_run}\"", "active", "active");
        var spec = Spec("any router alert", $"run=\"{_run}\"");

        var status = (await StatusAsync(spec))[spec.Key];

        Assert.Equal(AlertState.Firing, status.State);
        Assert.Contains("(2 alerts)", status.Detail, StringComparison.Ordinal);
        Assert.Contains("RouterDown", status.Detail, StringComparison.Ordinal);
        Assert.Contains("RouterSlow", status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_matcher_that_does_not_parse_is_unknown_for_that_alert_only()
    {
        var bad = Spec("bad", "alertname=\"Router");
        var empty = Spec("empty");
        var good = Spec("good", $"run=\"{_run}\"");

        var statuses = await StatusAsync(bad, empty, good);

        Assert.Equal(AlertState.Unknown, statuses[bad.Key].State);
        Assert.Contains("closing quote", statuses[bad.Key].Detail, StringComparison.Ordinal);
        Assert.Equal(new AlertStatus(AlertState.Unknown, "no matchers configured"), statuses[empty.Key]);
        Assert.Equal(AlertState.Ok, statuses[good.Key].State);
    }
}
