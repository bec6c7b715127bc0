using System.Net;
using Polly;

namespace Deployer.Slack.WebApi;

/// <summary>
/// The outermost step of the Web API pipeline: a call that writes to a channel waits for the channel's permit
/// (<see cref="SlackChannelLimiter"/>), and gives it back after a quiet time: the pacing interval, or the Retry-After
/// of a rate limit the call ended on (up to <see cref="SlackOptions.MaxRetryAfter"/>), so the next call to that channel,
/// from this pass or the next one, honors it too.
/// </summary>
internal sealed class ChannelPacingStrategy(SlackChannelLimiter limiter, SlackOptions options, TimeProvider time) : ResilienceStrategy<HttpResponseMessage>
{
    protected override async ValueTask<Outcome<HttpResponseMessage>> ExecuteCore<TState>(
        Func<ResilienceContext, TState, ValueTask<Outcome<HttpResponseMessage>>> callback, ResilienceContext context, TState state)
    {
        if (context.GetRequestMessage() is not { } request || !request.Options.TryGetValue(SlackChannelLimiter.Channel, out var channel))
        {
            return await callback(context, state).ConfigureAwait(context.ContinueOnCapturedContext);
        }

        System.Threading.RateLimiting.RateLimitLease lease;
        try
        {
            lease = await limiter.AcquireAsync(channel, context.CancellationToken).ConfigureAwait(context.ContinueOnCapturedContext);
        }
        catch (OperationCanceledException ex)
        {
            return Outcome.FromException<HttpResponseMessage>(ex);
        }

        var quiet = options.PostMessageInterval;
        try
        {
            var outcome = await callback(context, state).ConfigureAwait(context.ContinueOnCapturedContext);
            if (outcome.Result is { } response && await IsRateLimitedAsync(response, context.CancellationToken).ConfigureAwait(context.ContinueOnCapturedContext))
            {
                var wait = SlackResilience.RetryAfter(response, time) ?? SlackResilience.DefaultRetryAfter;
                quiet = TimeSpan.FromTicks(Math.Max(quiet.Ticks, Math.Min(wait.Ticks, options.MaxRetryAfter.Ticks)));
            }

            return outcome;
        }
        finally
        {
            limiter.Release(lease, quiet);
        }
    }

    private static async ValueTask<bool> IsRateLimitedAsync(HttpResponseMessage response, CancellationToken cancellationToken) =>
        response.StatusCode == HttpStatusCode.TooManyRequests
        || (response.StatusCode == HttpStatusCode.OK && await SlackResilience.IsRateLimitedBodyAsync(response, cancellationToken));
}
