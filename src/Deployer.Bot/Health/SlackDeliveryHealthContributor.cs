using Deployer.Bot.Notifications.Slack.Outbox;
using Deployer.Core.Checks;

namespace Deployer.Bot.Health;

/// <summary>
/// <c>slack</c> (Slack modes only): degraded when a message has waited in the outbox longer than
/// <see cref="MaxBacklogAge"/> (Slack down, rate-limited, a token revoked): nothing is lost, but people are not told.
/// </summary>
internal sealed class SlackDeliveryHealthContributor(IOutboxStore store, OutboxDispatcher dispatcher, TimeProvider time) : IHealthContributor
{
    public static readonly TimeSpan MaxBacklogAge = TimeSpan.FromMinutes(5);

    public string Name => "slack";

    public ValueTask<ComponentHealth> CheckAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var status = dispatcher.Status;
        var lastPost = status.LastSuccessAt is { } ok ? $"last delivered {Reasons.Duration(now - ok)} ago" : "nothing delivered since start";
        if (store.OldestPendingAt() is not { } oldest)
        {
            return ValueTask.FromResult(ComponentHealth.Healthy($"outbox empty; {lastPost}"));
        }

        var age = now - oldest;
        var detail = $"oldest queued message waiting {Reasons.Duration(age)}; {lastPost}{(status.LastError is { } e ? $"; last error: {e}" : "")}";
        return ValueTask.FromResult(age > MaxBacklogAge ? ComponentHealth.Degraded(detail) : ComponentHealth.Healthy(detail));
    }
}
