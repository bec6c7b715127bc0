using Microsoft.Extensions.Logging;

namespace Deployer.Bot.Notifications;

/// <summary>
/// Drains the notification queue into this process's channel, oldest first, one pass at a time. Called after every
/// publish (so the console prints as things happen) and by <see cref="NotificationDeliveryJob"/> (what a crash or an
/// error left queued).
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001:Types that own disposable fields should be disposable", Justification = "_gate is a SemaphoreSlim(1, 1) used only through WaitAsync/Release: it never allocates a wait handle, so Dispose frees nothing, and a lifetime singleton would risk ObjectDisposedException during shutdown")]
internal sealed class EventDelivery(INotificationChannel channel, ILogger<EventDelivery> logger)
{
    private readonly SemaphoreSlim _gate = new(1, 1);

    /// <summary>Delivers everything queued; returns how many events it delivered. A failure stops the pass (order is kept) and is logged.</summary>
    public async Task<int> DrainAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        var delivered = 0;
        try
        {
            while (await channel.DeliverOldestAsync(cancellationToken))
            {
                delivered++;
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogError(ex, "Delivering a queued event failed; it stays queued for the next pass");
        }
        finally
        {
            _gate.Release();
        }

        return delivered;
    }
}
