using Deployer.Core.Holds;
using Deployer.Core.Ports;

namespace Deployer.Bot.Dashboard.Live;

/// <summary>
/// Wraps the hold store so every hold placed, lifted or expired reaches open pages at once, not at the next cycle
/// (holds come from commands, Slack buttons and the expiry job, all through this port).
/// </summary>
internal sealed class BroadcastingHoldStore(IHoldStore inner, ChangeBroadcaster broadcaster) : IHoldStore
{
    public Task<IReadOnlyList<Hold>> GetActiveAsync(string? service, DateTimeOffset now, CancellationToken cancellationToken) =>
        inner.GetActiveAsync(service, now, cancellationToken);

    public async Task AddAsync(Hold hold, CancellationToken cancellationToken)
    {
        await inner.AddAsync(hold, cancellationToken);
        Announce(hold.Service, hold.Stage);
    }

    public async Task<IReadOnlyList<Hold>> RemoveAsync(string service, string? stage, CancellationToken cancellationToken)
    {
        var removed = await inner.RemoveAsync(service, stage, cancellationToken);
        if (removed.Count > 0)
        {
            Announce(service, stage);
        }

        return removed;
    }

    public async Task<IReadOnlyList<Hold>> RemoveExpiredAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var removed = await inner.RemoveExpiredAsync(now, cancellationToken);
        foreach (var hold in removed)
        {
            Announce(hold.Service, hold.Stage);
        }

        return removed;
    }

    private void Announce(string service, string? stage) =>
        broadcaster.Publish(new PipelineChange(PipelineChange.Hold, service, stage ?? "pipeline"));
}
