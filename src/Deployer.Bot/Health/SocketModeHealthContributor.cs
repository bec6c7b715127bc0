using Deployer.Core.Checks;
using Deployer.Slack.SocketMode;

namespace Deployer.Bot.Health;

/// <summary>
/// <c>socket-mode</c> (Socket Mode only): degraded while the WebSocket to Slack is down for longer than
/// <see cref="Grace"/> (commands and buttons cannot reach the bot; reconnects happen on their own).
/// </summary>
internal sealed class SocketModeHealthContributor(SocketModeClient client, TimeProvider time) : IHealthContributor
{
    public static readonly TimeSpan Grace = TimeSpan.FromMinutes(1);
    private readonly DateTimeOffset _startedAt = time.GetUtcNow();

    public string Name => "socket-mode";

    public ValueTask<ComponentHealth> CheckAsync(CancellationToken cancellationToken)
    {
        var state = client.State;
        var since = state.Since ?? _startedAt;
        var age = time.GetUtcNow() - since;
        if (state.Connected)
        {
            return ValueTask.FromResult(ComponentHealth.Healthy($"connected for {Reasons.Duration(age)}"));
        }

        var detail = state.Since is null ? $"not connected yet ({Reasons.Duration(age)} since start)" : $"disconnected for {Reasons.Duration(age)}; reconnecting";
        return ValueTask.FromResult(age > Grace ? ComponentHealth.Degraded(detail) : ComponentHealth.Healthy(detail));
    }
}
