using System.Collections.Concurrent;
using System.Threading.Channels;

namespace Deployer.Bot.Dashboard.Live;

/// <summary>
/// In-process fan-out of <see cref="PipelineChange"/>s to every open page. Publishing never waits: each subscriber has
/// a small bounded queue, and one that falls behind is told to redraw everything instead of being handed an ever
/// longer backlog (a page left open for hours keeps bounded memory on both sides).
/// </summary>
public sealed class ChangeBroadcaster
{
    /// <summary>Per-subscriber queue length; past it the subscriber gets one <see cref="ChangeSubscription.Overflowed"/> resync.</summary>
    public const int QueueLength = 256;

    private readonly ConcurrentDictionary<ChangeSubscription, byte> _subscribers = new();
    private long _published;

    /// <summary>Open subscriptions (open pages).</summary>
    public int SubscriberCount => _subscribers.Count;

    /// <summary>Changes published since start.</summary>
    public long Published => Interlocked.Read(ref _published);

    public ChangeSubscription Subscribe()
    {
        var subscription = new ChangeSubscription(this, Channel.CreateBounded<PipelineChange>(new BoundedChannelOptions(QueueLength)
        {
            // Wait, not a Drop mode: only then does TryWrite say "full" (Drop modes drop silently and report success).
            FullMode = BoundedChannelFullMode.Wait,
            SingleReader = true,
            SingleWriter = false,
        }));
        _subscribers.TryAdd(subscription, 0);
        return subscription;
    }

    public void Publish(PipelineChange change)
    {
        ArgumentNullException.ThrowIfNull(change);
        var numbered = change with { Sequence = Interlocked.Increment(ref _published) };
        foreach (var subscriber in _subscribers.Keys)
        {
            subscriber.Offer(numbered);
        }
    }

    /// <summary>Ends every subscription (host shutdown), so open event streams finish instead of holding up the stop.</summary>
    public void CompleteAll()
    {
        foreach (var subscriber in _subscribers.Keys)
        {
            subscriber.Dispose();
        }
    }

    internal void Remove(ChangeSubscription subscription) => _subscribers.TryRemove(subscription, out _);
}
