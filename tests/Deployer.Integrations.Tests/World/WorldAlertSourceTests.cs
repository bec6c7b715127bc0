using Deployer.Core.Manifests;
using Deployer.Core.Ports;
using Deployer.Integrations.World;

namespace Deployer.Integrations.Tests.World;

public sealed class WorldAlertSourceTests
{
    private static readonly WorldFile World = WorldSamples.Parse("""
        {
          "alerts": [
            { "labels": { "alertname": "RouterDown", "severity": "critical", "region": "eu" }, "state": "active" },
            { "labels": { "alertname": "BillingDown", "severity": "critical" }, "state": "suppressed" },
            { "labels": { "alertname": "CheckoutSlow", "severity": "warning" }, "state": "resolved" }
          ],
          "librato": { "firing": [106] }
        }
        """);

    private static AlertSpec Am(params string[] matchers) => new() { Name = "a", Source = "alertmanager", Matchers = matchers };

    private static AlertSpec Librato(long? id) => new() { Name = "l", Source = "librato", AlertId = id };

    private static async Task<AlertStatus> StatusAsync(string source, AlertSpec spec)
    {
        var statuses = await new WorldAlertSource(source, () => World).GetStatusAsync([spec], CancellationToken.None);
        return statuses[spec.Key];
    }

    [Fact]
    public async Task Active_alert_matching_every_matcher_fires()
    {
        var status = await StatusAsync("alertmanager", Am("alertname=\"RouterDown\"", "region=~\"eu|us\""));

        Assert.Equal(AlertState.Firing, status.State);
        Assert.Contains("RouterDown", status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Alert_matching_only_some_matchers_does_not_fire() =>
        Assert.Equal(AlertState.Ok, (await StatusAsync("alertmanager", Am("alertname=\"RouterDown\"", "region=\"us\""))).State);

    [Theory]
    [InlineData("alertname=\"BillingDown\"")]
    [InlineData("alertname=\"CheckoutSlow\"")]
    public async Task Suppressed_or_resolved_alerts_do_not_fire(string matcher) =>
        Assert.Equal(AlertState.Ok, (await StatusAsync("alertmanager", Am(matcher))).State);

    [Fact]
    public async Task Invalid_matcher_is_unknown_not_ok() =>
        Assert.Equal(AlertState.Unknown, (await StatusAsync("alertmanager", Am("alertname=~\"(\""))).State);

    [Fact]
    public async Task Librato_fires_when_its_id_is_listed()
    {
        Assert.Equal(AlertState.Firing, (await StatusAsync("librato", Librato(106))).State);
        Assert.Equal(AlertState.Ok, (await StatusAsync("librato", Librato(107))).State);
        Assert.Equal(AlertState.Unknown, (await StatusAsync("librato", Librato(null))).State);
    }

    [Fact]
    public async Task Answers_every_spec_keyed_by_spec_key()
    {
        var specs = new[] { Am("alertname=\"RouterDown\""), Am("alertname=\"Nope\"") };

        var statuses = await new WorldAlertSource("alertmanager", () => World).GetStatusAsync(specs, CancellationToken.None);

        Assert.Equal(AlertState.Firing, statuses[specs[0].Key].State);
        Assert.Equal(AlertState.Ok, statuses[specs[1].Key].State);
    }

    [Fact]
    public void Source_name_is_the_one_given_and_unknown_names_are_refused()
    {
        Assert.Equal("librato", new WorldAlertSource("Librato", () => World).Source);
        Assert.Throws<ArgumentException>(() => new WorldAlertSource("nagios", () => World));
    }
}
