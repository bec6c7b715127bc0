using Deployer.Slack.Inbound;
using Deployer.Slack.Signing;
using Deployer.Slack.SocketMode;
using Deployer.Slack.WebApi;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Deployer.Slack.Tests;

public sealed class SlackServiceCollectionExtensionsTests
{
    [Fact]
    public void Registers_every_public_service_from_configuration()
    {
        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Slack:BotToken"] = "xoxb-1",
            ["Slack:AppToken"] = "xapp-1",
            ["Slack:SigningSecret"] = "secret",
            ["Slack:ApiBaseUrl"] = "http://127.0.0.1:9/api/",
            ["Slack:HttpTimeout"] = "00:00:03",
        }).Build();
        var services = new ServiceCollection();
        services.AddSingleton<ISlackInboundHandler, RecordingHandlerStub>();

        using var provider = services.AddSlackClient(config.GetSection(SlackOptions.SectionName)).BuildServiceProvider(validateScopes: true);

        Assert.Equal(TimeSpan.FromSeconds(3), provider.GetRequiredService<IOptions<SlackOptions>>().Value.HttpTimeout);
        Assert.IsType<SlackApiClient>(provider.GetRequiredService<ISlackApiClient>());
        Assert.IsType<SlackResponseUrlClient>(provider.GetRequiredService<ISlackResponseUrlClient>());
        Assert.NotNull(provider.GetRequiredService<SlackRequestVerifier>());
        Assert.NotNull(provider.GetRequiredService<SlackInbound>());
        Assert.NotNull(provider.GetRequiredService<SocketModeClient>());
        // The attempt and total timeouts live in the resilience pipeline, on the injected clock; HttpClient's own is off.
        Assert.Equal(Timeout.InfiniteTimeSpan, provider.GetRequiredService<IHttpClientFactory>().CreateClient(SlackHttpClientNames.WebApi).Timeout);
    }

    [Fact]
    public void Invalid_options_fail_naming_the_key()
    {
        using var provider = new ServiceCollection()
            .AddSlackClient(o => o.HttpTimeout = TimeSpan.Zero)
            .BuildServiceProvider();

        var ex = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<SlackOptions>>().Value);

        Assert.Contains("Slack:BotToken", ex.Message, StringComparison.Ordinal);
        Assert.Contains("Slack:HttpTimeout", ex.Message, StringComparison.Ordinal);
    }

    private sealed class RecordingHandlerStub : ISlackInboundHandler
    {
        public Task<SlackMessageResponse?> HandleCommandAsync(SlashCommand command, CancellationToken cancellationToken) => Task.FromResult<SlackMessageResponse?>(null);

        public Task HandleInteractionAsync(BlockActionsPayload payload, CancellationToken cancellationToken) => Task.CompletedTask;

        public Task HandleEventAsync(SlackEventCallback callback, CancellationToken cancellationToken) => Task.CompletedTask;

        public Task<ViewSubmissionResponse?> HandleViewSubmissionAsync(ViewSubmissionPayload payload, CancellationToken cancellationToken) => Task.FromResult<ViewSubmissionResponse?>(null);
    }
}
