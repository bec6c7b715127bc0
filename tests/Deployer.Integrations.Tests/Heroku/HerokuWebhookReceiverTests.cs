using System.Text;
using Deployer.Core.Manifests;
using Deployer.Integrations.Heroku;
using Deployer.Integrations.Tests.Fakes;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Deployer.Integrations.Tests.Heroku;

public sealed class HerokuWebhookReceiverTests : IAsyncLifetime
{
    private const string Secret = "whsec-test-1";
    private const string Commit = "4f2a1c0ddddddddddddddddddddddddddddddddd";
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2024, 5, 1, 10, 0, 0, TimeSpan.Zero));
    private HerokuFake _heroku = null!;
    private ServiceProviderHolder _services = null!;

    public async Task InitializeAsync()
    {
        _heroku = await HerokuFake.StartAsync();
        _heroku.App("router-staging", Commit, version: 43);
        _services = new ServiceProviderHolder(_heroku.Services(s => s["Heroku:WebhookSecret"] = Secret, _time));
    }

    public async Task DisposeAsync()
    {
        _services.Dispose();
        await _heroku.DisposeAsync();
    }

    private HerokuWebhookReceiver Receiver(string? secret = Secret, params ServiceManifest[] manifests)
    {
        var options = Options.Create(new HerokuOptions { WebhookSecret = secret });
        var catalog = new Catalog(manifests.Length == 0 ? [Manifests.Heroku(), Manifests.Command("true")] : manifests);
        return new HerokuWebhookReceiver(HerokuFake.Platform(_services.Provider), catalog, options, _time);
    }

    private static byte[] Delivery(string deliveryId = "d-1", string app = "router-staging", string resource = "release") => Encoding.UTF8.GetBytes(
        "{\"id\":\"evt-1\",\"resource\":\"" + resource + "\",\"action\":\"create\",\"published_at\":\"2024-05-01T10:00:00Z\","
        + "\"data\":" + HerokuFake.Release(app, Commit, 43) + ","
        + "\"webhook_metadata\":{\"delivery\":{\"id\":\"" + deliveryId + "\"},\"event\":{\"id\":\"evt-1\",\"include\":\"api:release\"}}}");

    [Fact]
    public async Task A_signed_delivery_for_a_target_names_its_pipeline_and_resolves_to_the_release()
    {
        var body = Delivery();

        var outcome = Receiver().Receive(body, HerokuWebhookReceiver.Sign(Secret, body));

        Assert.Equal(HerokuWebhookVerdict.Accepted, outcome.Verdict);
        var (service, release) = Assert.Single(outcome.Announced);
        Assert.Equal(("router", "router-staging"), (service, release.Target));
        var state = await release.ResolveAsync(CancellationToken.None);
        Assert.Equal((Commit, 43L), (state.Release!.Commit, state.Release.Version));
    }

    [Fact]
    public void A_tampered_body_is_refused()
    {
        var body = Delivery();
        var signature = HerokuWebhookReceiver.Sign(Secret, body);
        body[^3] ^= 1;

        Assert.Equal(HerokuWebhookVerdict.Refused, Receiver().Receive(body, signature).Verdict);
    }

    [Fact]
    public void A_delivery_signed_with_another_secret_is_refused()
    {
        var body = Delivery();

        var outcome = Receiver().Receive(body, HerokuWebhookReceiver.Sign("not-the-secret", body));

        Assert.Equal(HerokuWebhookVerdict.Refused, outcome.Verdict);
        Assert.Contains("does not match", outcome.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("not base64!")]
    [InlineData("c2hvcnQ=")]
    public void A_missing_or_garbled_signature_is_refused(string? signature)
    {
        Assert.Equal(HerokuWebhookVerdict.Refused, Receiver().Receive(Delivery(), signature).Verdict);
    }

    [Fact]
    public void Without_a_secret_every_delivery_is_refused()
    {
        var body = Delivery();

        var outcome = Receiver(secret: null).Receive(body, HerokuWebhookReceiver.Sign(Secret, body));

        Assert.Equal((HerokuWebhookVerdict.Refused, "Heroku:WebhookSecret is not set"), (outcome.Verdict, outcome.Reason));
    }

    [Fact]
    public void A_replayed_delivery_id_is_taken_once_for_a_day_then_forgotten()
    {
        var receiver = Receiver();
        var body = Delivery("d-42");
        var signature = HerokuWebhookReceiver.Sign(Secret, body);

        Assert.Equal(HerokuWebhookVerdict.Accepted, receiver.Receive(body, signature).Verdict);
        var again = receiver.Receive(body, signature);
        Assert.Equal(HerokuWebhookVerdict.Ignored, again.Verdict);
        Assert.Contains("seen before", again.Reason, StringComparison.Ordinal);

        var other = Delivery("d-43");
        Assert.Equal(HerokuWebhookVerdict.Accepted, receiver.Receive(other, HerokuWebhookReceiver.Sign(Secret, other)).Verdict);
        _time.Advance(TimeSpan.FromHours(26));
        Assert.Equal(HerokuWebhookVerdict.Accepted, receiver.Receive(body, signature).Verdict);
    }

    [Fact]
    public void An_app_of_no_known_pipeline_and_other_resources_are_ignored_not_refused()
    {
        var receiver = Receiver();
        var stranger = Delivery("d-1", app: "someone-elses-app");
        var build = Delivery("d-2", resource: "build");

        Assert.Equal(HerokuWebhookVerdict.Ignored, receiver.Receive(stranger, HerokuWebhookReceiver.Sign(Secret, stranger)).Verdict);
        Assert.Equal(HerokuWebhookVerdict.Ignored, receiver.Receive(build, HerokuWebhookReceiver.Sign(Secret, build)).Verdict);
    }

    [Fact]
    public void A_signed_body_that_is_not_a_delivery_is_malformed()
    {
        var body = Encoding.UTF8.GetBytes("{\"resource\": [1, 2");

        Assert.Equal(HerokuWebhookVerdict.Malformed, Receiver().Receive(body, HerokuWebhookReceiver.Sign(Secret, body)).Verdict);
    }

    [Fact]
    public void A_target_given_by_app_id_matches_the_delivery()
    {
        var id = HerokuFake.AppId("router-staging");
        var manifest = Manifests.Heroku(stages: [("staging", [id]), ("production", ["router-prod-eu"])]);
        var body = Delivery();

        var outcome = Receiver(Secret, manifest).Receive(body, HerokuWebhookReceiver.Sign(Secret, body));

        Assert.Equal(id, Assert.Single(outcome.Announced).Release.Target);
    }

    private sealed class Catalog(IReadOnlyList<ServiceManifest> all) : IManifestCatalog
    {
        public IReadOnlyList<ServiceManifest> All => all;

        public IReadOnlyList<ManifestError> Errors => [];

        public ServiceManifest? Find(string service) => all.FirstOrDefault(m => m.Service == service);
    }

    private sealed class ServiceProviderHolder(Microsoft.Extensions.DependencyInjection.ServiceProvider provider) : IDisposable
    {
        public Microsoft.Extensions.DependencyInjection.ServiceProvider Provider => provider;

        public void Dispose() => provider.Dispose();
    }
}
