using Deployer.Slack.Inbound;
using Microsoft.Extensions.DependencyInjection;

namespace Deployer.Slack.Tests.Fakes;

/// <summary>Builds the library's real DI graph pointed at a fake Slack.</summary>
public static class TestServices
{
    public const string BotToken = "xoxb-test-bot";
    public const string AppToken = "xapp-test-app";
    public const string SigningSecret = "8f742231b10e8888abcd99yyyzzz85a5";

    public static ServiceProvider Build(FakeSlackServer? fake, Action<SlackOptions>? configure = null, TimeProvider? timeProvider = null, ISlackInboundHandler? handler = null)
    {
        var services = new ServiceCollection();
        if (timeProvider is not null)
        {
            services.AddSingleton(timeProvider);
        }

        if (handler is not null)
        {
            services.AddSingleton(handler);
        }

        services.AddSlackClient(o =>
        {
            o.ApiBaseUrl = fake?.ApiBaseUrl ?? new Uri("http://127.0.0.1:1/api/");
            o.BotToken = BotToken;
            o.AppToken = AppToken;
            o.SigningSecret = SigningSecret;
            o.PostMessageInterval = TimeSpan.Zero;
            o.SocketModeMinReconnectDelay = TimeSpan.FromMilliseconds(10);
            o.SocketModeMaxReconnectDelay = TimeSpan.FromMilliseconds(50);
            configure?.Invoke(o);
        });
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
    }
}
