namespace Deployer.Bot.Scheduling;

/// <summary>Asks for a promotion cycle now (commands, webhooks), without waiting for the interval.</summary>
public interface ICycleTrigger
{
    /// <summary>Queues a cycle; if one is running, the new one starts when it ends.</summary>
    Task TriggerNowAsync(CancellationToken cancellationToken = default);
}
