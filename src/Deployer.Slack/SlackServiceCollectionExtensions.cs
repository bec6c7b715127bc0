using Deployer.Slack.Inbound;
using Deployer.Slack.Signing;
using Deployer.Slack.SocketMode;
using Deployer.Slack.WebApi;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Deployer.Slack;

/// <summary>Registers the Slack library. The host still registers its <see cref="ISlackInboundHandler"/>, maps <c>MapSlackInbound</c> and/or runs <see cref="SocketModeClient"/>.</summary>
public static class SlackServiceCollectionExtensions
{
    /// <summary>Binds <see cref="SlackOptions"/> from <paramref name="section"/> (usually <c>Slack</c>) and registers the client.</summary>
    public static IServiceCollection AddSlackClient(this IServiceCollection services, IConfiguration section)
    {
        ArgumentNullException.ThrowIfNull(section);
        services.AddOptions<SlackOptions>().Bind(section);
        return services.AddSlackClient();
    }

    /// <summary>
    /// Registers <see cref="ISlackApiClient"/>, <see cref="ISlackResponseUrlClient"/>, <see cref="SlackRequestVerifier"/>,
    /// <see cref="EventDeduplicator"/>, <see cref="SlackInbound"/> and <see cref="SocketModeClient"/> (all singletons), with
    /// options validated at start.
    /// </summary>
    public static IServiceCollection AddSlackClient(this IServiceCollection services, Action<SlackOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = services.AddOptions<SlackOptions>();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        options.ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SlackOptions>, SlackOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.AddLogging();

        // Timeouts, retries, the circuit breaker and channel pacing are the resilience pipeline's, on the injected clock;
        // HttpClient's own (real-time) timeout would cut a call that is waiting out a Retry-After.
        services.TryAddSingleton(sp => new SlackChannelLimiter(sp.GetRequiredService<TimeProvider>()));
        services.AddHttpClient(SlackHttpClientNames.WebApi)
            .ConfigureHttpClient(client => client.Timeout = Timeout.InfiniteTimeSpan)
            .AddSlackResilience("slack-web-api", paceChannels: true);
        services.AddHttpClient(SlackHttpClientNames.ResponseUrl)
            .ConfigureHttpClient(client => client.Timeout = Timeout.InfiniteTimeSpan)
            .AddSlackResilience("slack-response-url", paceChannels: false);

        services.TryAddSingleton<ISlackApiClient, SlackApiClient>();
        services.TryAddSingleton<ISlackResponseUrlClient, SlackResponseUrlClient>();
        services.TryAddSingleton(sp =>
        {
            var o = sp.GetRequiredService<IOptions<SlackOptions>>().Value;
            if (string.IsNullOrEmpty(o.SigningSecret))
            {
                throw new InvalidOperationException($"{SlackOptions.SectionName}:{nameof(SlackOptions.SigningSecret)} is required to receive Slack HTTP requests.");
            }

            return new SlackRequestVerifier(o.SigningSecret, sp.GetRequiredService<TimeProvider>(), o.RequestTimestampTolerance);
        });
        services.TryAddSingleton(sp =>
        {
            var o = sp.GetRequiredService<IOptions<SlackOptions>>().Value;
            return new EventDeduplicator(sp.GetRequiredService<TimeProvider>(), o.DeduplicationWindow, o.DeduplicationCapacity);
        });
        services.TryAddSingleton<SlackInbound>();
        services.TryAddSingleton<SocketModeClient>();
        return services;
    }
}
