using System.Threading.Channels;

namespace Deployer.Bot.Dashboard.Live;

/// <summary>One open page's queue of changes; dispose it when the page goes away.</summary>
public sealed class ChangeSubscription : IDisposable
{
    private readonly ChangeBroadcaster _owner;
    private readonly Channel<PipelineChange> _channel;
    private int _overflowed;

    internal ChangeSubscription(ChangeBroadcaster owner, Channel<PipelineChange> channel)
    {
        _owner = owner;
        _channel = channel;
    }

    public ChannelReader<PipelineChange> Reader => _channel.Reader;

    /// <summary>True once (and reset by reading it) when changes were dropped because the queue was full.</summary>
    public bool TakeOverflow() => Interlocked.Exchange(ref _overflowed, 0) == 1;

    internal void Offer(PipelineChange change)
    {
        if (!_channel.Writer.TryWrite(change))
        {
            Volatile.Write(ref _overflowed, 1);
        }
    }

    public void Dispose()
    {
        _owner.Remove(this);
        _channel.Writer.TryComplete();
    }
}
