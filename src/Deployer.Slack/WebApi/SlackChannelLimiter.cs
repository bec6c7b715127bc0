using System.Threading.RateLimiting;

namespace Deployer.Slack.WebApi;

/// <summary>
/// Paces writes to Slack per channel: a <see cref="PartitionedRateLimiter{TResource}"/> with one partition per channel,
/// each a single permit handed out oldest caller first, so a channel has one call in flight at a time. The caller gives
/// the permit back with <see cref="Release"/> after a quiet time (the pacing interval, or a Retry-After), timed by the
/// injected clock.
/// </summary>
/// <remarks>
/// Why not a token bucket or fixed window partition: the built-in replenishing limiters measure time with
/// <c>Stopwatch</c>, even with <c>AutoReplenishment = false</c> (<c>TryReplenish</c> still checks the real time elapsed),
/// and the partitioned limiter calls <c>TryReplenish</c> on a real 100 ms timer; they cannot follow an injected
/// <see cref="TimeProvider"/> (dotnet/runtime#106447), and they cannot be told to hold a channel for a Retry-After.
/// Here the library keeps the partitions, the FIFO queue and idle-partition cleanup; only the hand-back is timed.
/// </remarks>
internal sealed class SlackChannelLimiter(TimeProvider time) : IDisposable
{
    /// <summary>The request option naming the channel a Web API call writes to.</summary>
    public static readonly HttpRequestOptionsKey<string> Channel = new("Deployer.Slack.Channel");

    private readonly PartitionedRateLimiter<string> _limiter = PartitionedRateLimiter.Create<string, string>(
        channel => RateLimitPartition.GetConcurrencyLimiter(channel, _ => new ConcurrencyLimiterOptions
        {
            PermitLimit = 1,
            QueueLimit = int.MaxValue,
            QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
        }),
        StringComparer.Ordinal);

    /// <summary>Waits for <paramref name="channel"/>'s turn.</summary>
    public ValueTask<RateLimitLease> AcquireAsync(string channel, CancellationToken cancellationToken) =>
        _limiter.AcquireAsync(channel, 1, cancellationToken);

    /// <summary>Gives the channel's permit back once <paramref name="quiet"/> has passed on the injected clock.</summary>
    public void Release(RateLimitLease lease, TimeSpan quiet)
    {
        ArgumentNullException.ThrowIfNull(lease);
        if (quiet <= TimeSpan.Zero)
        {
            lease.Dispose();
            return;
        }

        _ = Task.Delay(quiet, time).ContinueWith(
            static (_, state) => ((RateLimitLease)state!).Dispose(), lease, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    public void Dispose() => _limiter.Dispose();
}
