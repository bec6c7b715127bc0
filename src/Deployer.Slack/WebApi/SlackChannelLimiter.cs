using System.Threading.RateLimiting;

namespace Deployer.Slack.WebApi;

/// <summary>
/// Paces writes to Slack per channel: a <see cref="PartitionedRateLimiter{TResource}"/> with one partition per channel,
/// each a single permit handed out oldest caller first. A permit comes back <see cref="SlackOptions.PostMessageInterval"/>
/// after its call is over (the call's retries included, which may have sent the message at its very end), so a channel
/// has one call in flight at a time and at least one interval of quiet between two; requests without a channel are not
/// limited.
/// </summary>
/// <remarks>
/// Why not a token bucket or fixed window partition: the built-in replenishing limiters measure time with
/// <c>Stopwatch</c>, even with <c>AutoReplenishment = false</c> (<c>TryReplenish</c> still checks the real time elapsed),
/// and the partitioned limiter calls <c>TryReplenish</c> on a real 100 ms timer; they cannot follow an injected
/// <see cref="TimeProvider"/> (dotnet/runtime#106447). Here the library keeps the partitions, the FIFO queue and
/// idle-partition cleanup, and only the hand-back of a permit is timed, on the injected clock.
/// </remarks>
internal sealed class SlackChannelLimiter : IDisposable
{
    /// <summary>The request option naming the channel a Web API call writes to.</summary>
    public static readonly HttpRequestOptionsKey<string> Channel = new("Deployer.Slack.Channel");

    private readonly PartitionedRateLimiter<string> _limiter;
    private readonly TimeProvider _time;
    private readonly TimeSpan _interval;

    public SlackChannelLimiter(TimeProvider time, TimeSpan interval)
    {
        _time = time;
        _interval = interval;
        _limiter = PartitionedRateLimiter.Create<string, string>(
            channel => channel.Length == 0
                ? RateLimitPartition.GetNoLimiter(channel)
                : RateLimitPartition.GetConcurrencyLimiter(channel, _ => new ConcurrencyLimiterOptions
                {
                    PermitLimit = 1,
                    QueueLimit = int.MaxValue,
                    QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
                }),
            StringComparer.Ordinal);
    }

    /// <summary>Waits for <paramref name="channel"/>'s turn (at once when null); dispose the lease when the call is over.</summary>
    public async ValueTask<RateLimitLease> AcquireAsync(string? channel, CancellationToken cancellationToken)
    {
        var lease = await _limiter.AcquireAsync(channel ?? "", 1, cancellationToken);
        return lease.IsAcquired && !string.IsNullOrEmpty(channel) ? new SpacedLease(lease, _time, _interval) : lease;
    }

    public void Dispose() => _limiter.Dispose();

    /// <summary>Hands its permit back one interval after the call is over, timed by the injected clock.</summary>
    private sealed class SpacedLease(RateLimitLease inner, TimeProvider time, TimeSpan interval) : RateLimitLease
    {
        private int _disposed;

        public override bool IsAcquired => true;

        public override IEnumerable<string> MetadataNames => inner.MetadataNames;

        public override bool TryGetMetadata(string metadataName, out object? metadata) => inner.TryGetMetadata(metadataName, out metadata);

        protected override void Dispose(bool disposing)
        {
            if (!disposing || Interlocked.Exchange(ref _disposed, 1) == 1)
            {
                return;
            }

            if (interval <= TimeSpan.Zero)
            {
                inner.Dispose();
                return;
            }

            _ = Task.Delay(interval, time).ContinueWith(
                static (_, state) => ((RateLimitLease)state!).Dispose(), inner, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        }
    }
}
