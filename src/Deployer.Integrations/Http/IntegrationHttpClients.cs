using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using Polly;
using Polly.Timeout;

namespace Deployer.Integrations.Http;

/// <summary>Registers a named HttpClient for one integration: base address and timeouts from its options, and a small resilience pipeline.</summary>
internal static class IntegrationHttpClients
{
    /// <summary>
    /// The pipeline is a retry around a per-attempt timeout. Only GETs (safe methods) are retried, at most
    /// <see cref="IntegrationHttpOptions.MaxRetries"/> times, and only on timeouts, connection failures and 5xx:
    /// a check must settle quickly, and a 429 is a spent budget that retrying only makes worse.
    /// </summary>
    public static IHttpClientBuilder AddIntegrationClient<TOptions>(
        this IServiceCollection services,
        string name,
        Func<TOptions, string?> baseUrl,
        Action<HttpClient, TOptions>? configure = null)
        where TOptions : IntegrationHttpOptions
    {
        var builder = services.AddHttpClient(name, (sp, client) =>
        {
            var options = sp.GetRequiredService<IOptions<TOptions>>().Value;
            client.BaseAddress = BaseAddress(baseUrl(options));
            client.Timeout = options.Budget;
            client.DefaultRequestHeaders.UserAgent.ParseAdd("Deployer.Bot/1.0");
            configure?.Invoke(client, options);
        });

        builder.AddResilienceHandler(name, (pipeline, context) =>
        {
            var options = context.ServiceProvider.GetRequiredService<IOptions<TOptions>>().Value;
            if (options.MaxRetries > 0)
            {
                var retry = new HttpRetryStrategyOptions
                {
                    MaxRetryAttempts = options.MaxRetries,
                    Delay = options.RetryDelay,
                    BackoffType = DelayBackoffType.Constant,
                    UseJitter = false,
                    ShouldRetryAfterHeader = false,
                    ShouldHandle = args => ValueTask.FromResult(IsRetryable(args.Outcome)),
                };
                retry.DisableForUnsafeHttpMethods();
                pipeline.AddRetry(retry);
            }

            pipeline.AddTimeout(options.Timeout);
        });

        return builder;
    }

    /// <summary>The base address with a trailing slash, so relative paths keep any path prefix (<c>https://host/alertmanager/</c>).</summary>
    internal static Uri? BaseAddress(string? url)
    {
        if (string.IsNullOrWhiteSpace(url))
        {
            return null;
        }

        var text = url.Trim();
        return new Uri(text.EndsWith('/') ? text : text + "/", UriKind.Absolute);
    }

    /// <summary>True when <paramref name="url"/> is an absolute http(s) URL; used by option validation.</summary>
    internal static bool IsHttpUrl(string? url) =>
        Uri.TryCreate(url?.Trim(), UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps);

    internal static bool HasSaneTimeouts(IntegrationHttpOptions options) =>
        options.Timeout > TimeSpan.Zero && options.MaxRetries is >= 0 and <= 3 && options.RetryDelay >= TimeSpan.Zero;

    private static bool IsRetryable(Outcome<HttpResponseMessage> outcome) => outcome switch
    {
        { Exception: HttpRequestException or TimeoutRejectedException } => true,
        { Result: { } response } => (int)response.StatusCode >= 500 || response.StatusCode == HttpStatusCode.RequestTimeout,
        _ => false,
    };
}
