using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using Polly;
using Polly.CircuitBreaker;
using Polly.Retry;
using Polly.Timeout;

namespace Deployer.Slack.WebApi;

/// <summary>
/// The one resilience layer of Slack calls, a Polly pipeline on the Slack HttpClients, outermost first: channel pacing
/// (Web API only, <see cref="ChannelPacingStrategy"/>), the total timeout, retries honoring Retry-After, the circuit
/// breaker, the attempt timeout.
/// All of it runs on the injected <see cref="TimeProvider"/>.
/// </summary>
internal static class SlackResilience
{
    /// <summary>Slack's wait when a 429 or a <c>ratelimited</c> answer names none.</summary>
    public static readonly TimeSpan DefaultRetryAfter = TimeSpan.FromSeconds(1);

    /// <summary>The breaker opens when at least half of at least this many attempts within <see cref="SamplingDuration"/> failed.</summary>
    public const int BreakerMinimumThroughput = 4;

    public static readonly TimeSpan SamplingDuration = TimeSpan.FromSeconds(30);

    /// <summary>How long calls fail at once, without reaching Slack, once the breaker opened; then one call probes.</summary>
    public static readonly TimeSpan BreakDuration = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Set on a request that must not be sent again after a failure Slack may have acted on (5xx, timeout, broken
    /// connection): a post carrying metadata, whose sender searches the channel for it before sending it again. Rate
    /// limits (Slack did nothing) are still retried.
    /// </summary>
    public static readonly HttpRequestOptionsKey<bool> NoBlindRetry = new("Deployer.Slack.NoBlindRetry");

    public static IHttpResiliencePipelineBuilder AddSlackResilience(this IHttpClientBuilder client, string name, bool paceChannels) =>
        client.AddResilienceHandler(name, (pipeline, context) =>
        {
            var options = context.ServiceProvider.GetRequiredService<IOptions<SlackOptions>>().Value;
            var time = context.ServiceProvider.GetRequiredService<TimeProvider>();
            pipeline.TimeProvider = time;
            if (paceChannels)
            {
                var limiter = context.ServiceProvider.GetRequiredService<SlackChannelLimiter>();
                pipeline.AddStrategy(_ => new ChannelPacingStrategy(limiter, options, time));
            }

            pipeline.AddTimeout(new HttpTimeoutStrategyOptions { Name = "total-timeout", Timeout = options.TotalTimeout });
            if (options.MaxRetries > 0)
            {
                pipeline.AddRetry(new HttpRetryStrategyOptions
                {
                    MaxRetryAttempts = options.MaxRetries,
                    BackoffType = DelayBackoffType.Exponential,
                    Delay = TimeSpan.FromSeconds(1),
                    UseJitter = true,
                    ShouldRetryAfterHeader = false, // read below, on the injected clock and with a ceiling
                    ShouldHandle = args => ShouldRetryAsync(args.Outcome, BlindRetryAllowed(args.Context), options.MaxRetryAfter, time, args.Context.CancellationToken),
                    DelayGenerator = args => ValueTask.FromResult(args.Outcome.Result is { } response ? RetryAfter(response, time) : null),
                });
            }

            pipeline.AddCircuitBreaker(new HttpCircuitBreakerStrategyOptions
            {
                FailureRatio = 0.5,
                MinimumThroughput = BreakerMinimumThroughput,
                SamplingDuration = SamplingDuration,
                BreakDuration = BreakDuration,
                ShouldHandle = args => ValueTask.FromResult(IsFailure(args.Outcome)),
            });
            pipeline.AddTimeout(new HttpTimeoutStrategyOptions { Name = "attempt-timeout", Timeout = options.HttpTimeout });
        });

    /// <summary>Sends through the resilience pipeline; what it gave up on (unreachable, timed out, circuit open) is transient.</summary>
    public static async Task<HttpResponseMessage> SendAsync(HttpClient client, string method, HttpRequestMessage request, CancellationToken cancellationToken)
    {
        try
        {
            return await client.SendAsync(request, cancellationToken);
        }
        catch (HttpRequestException ex)
        {
            throw new SlackTransientException(method, "request failed: " + ex.Message, innerException: ex);
        }
        catch (BrokenCircuitException ex)
        {
            throw new SlackTransientException(method, "Slack is failing; calls paused by the circuit breaker", innerException: ex);
        }
        catch (ExecutionRejectedException ex)
        {
            throw new SlackTransientException(method, ex is TimeoutRejectedException ? "timed out" : ex.Message, innerException: ex);
        }
        catch (TaskCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw new SlackTransientException(method, "timed out", innerException: ex);
        }
    }

    /// <summary>The wait Slack asked for (Retry-After seconds or date), <see cref="DefaultRetryAfter"/> when rate-limited without one, else null.</summary>
    public static TimeSpan? RetryAfter(HttpResponseMessage response, TimeProvider time)
    {
        var header = response.Headers.RetryAfter;
        if (header?.Delta is { } delta)
        {
            return delta;
        }

        if (header?.Date is { } date)
        {
            var wait = date - time.GetUtcNow();
            return wait > TimeSpan.Zero ? wait : TimeSpan.Zero;
        }

        return response.StatusCode == HttpStatusCode.TooManyRequests ? DefaultRetryAfter : null;
    }

    /// <summary>Slack's <c>{"ok":false,"error":"ratelimited"}</c> (or <c>rate_limited</c>) answered with HTTP 200.</summary>
    public static bool IsRateLimitedError(string? error) => error is "ratelimited" or "rate_limited";

    /// <summary>Slack did not answer or failed (not a refusal, not a rate limit): what the circuit breaker counts.</summary>
    private static bool IsFailure(Outcome<HttpResponseMessage> outcome) => outcome switch
    {
        { Exception: HttpRequestException or TimeoutRejectedException } => true,
        { Result: { } response } => (int)response.StatusCode >= 500,
        _ => false,
    };

    private static bool BlindRetryAllowed(ResilienceContext context) =>
        context.GetRequestMessage() is not { } request || !request.Options.TryGetValue(NoBlindRetry, out var no) || !no;

    private static async ValueTask<bool> ShouldRetryAsync(Outcome<HttpResponseMessage> outcome, bool blindRetryAllowed, TimeSpan maxRetryAfter, TimeProvider time, CancellationToken cancellationToken)
    {
        if (IsFailure(outcome))
        {
            return blindRetryAllowed;
        }

        if (outcome.Result is not { } response)
        {
            return false; // an open circuit or a cancellation: give up at once
        }

        if (response.StatusCode == HttpStatusCode.TooManyRequests
            || (response.StatusCode == HttpStatusCode.OK && await IsRateLimitedBodyAsync(response, cancellationToken)))
        {
            return (RetryAfter(response, time) ?? TimeSpan.Zero) <= maxRetryAfter;
        }

        return false; // any other ok:false is Slack's final word
    }

    public static async Task<bool> IsRateLimitedBodyAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (response.Content.Headers.ContentType?.MediaType != "application/json")
        {
            return false;
        }

        try
        {
            // Buffered, so the client still reads the same body when this answer is the last one.
            await response.Content.LoadIntoBufferAsync(cancellationToken);
            using var document = JsonDocument.Parse(await response.Content.ReadAsByteArrayAsync(cancellationToken));
            var root = document.RootElement;
            return root.ValueKind == JsonValueKind.Object
                && root.TryGetProperty("ok", out var ok) && ok.ValueKind == JsonValueKind.False
                && root.TryGetProperty("error", out var error) && error.ValueKind == JsonValueKind.String
                && IsRateLimitedError(error.GetString());
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
