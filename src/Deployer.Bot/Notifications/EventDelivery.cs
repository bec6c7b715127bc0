using Microsoft.Extensions.Logging;

namespace Deployer.Bot.Notifications;

/// <summary>
/// Drains the notification queue into this process's channel, oldest first, one pass at a time. Called after every
/// publish (so the console prints as things happen) and by <see cref="NotificationDeliveryJob"/> (what a crash or an
/// error left queued). A caller that finds a pass running does not wait for it: it asks that pass to go round once
/// more, so parallel evaluations never queue up behind delivery.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001:Types that own disposable fields should be disposable", Justification = "_gate is a SemaphoreSlim(1, 1) used only through WaitAsync/Release: it never allocates a wait handle, so Dispose frees nothing, and a lifetime singleton would risk ObjectDisposedException during shutdown")]
internal sealed class EventDelivery(INotificationChannel channel, ILogger<EventDelivery> logger)
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private int _requested;

    /// <summary>Delivers everything queued, or leaves it to the pass already running; returns how many events this call delivered.</summary>
    public async Task<int> DrainAsync(CancellationToken cancellationToken)
    {
        Interlocked.Exchange(ref _requested, 1);
        var delivered = 0;
        // Whoever holds the gate sees the request after its pass; the loop closes the gap between its last look and release.
        while (Volatile.Read(ref _requested) == 1 && await _gate.WaitAsync(0, cancellationToken))
        {
            try
            {
                while (Interlocked.Exchange(ref _requested, 0) == 1)
                {
                    while (await channel.DeliverOldestAsync(cancellationToken))
                    {
                        delivered++;
                    }
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogError(ex, "Delivering a queued event failed; it stays queued for the next pass");
                return delivered;
            }
            finally
            {
                _gate.Release();
            }
        }

        return delivered;
    }
}
