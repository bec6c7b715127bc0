using Microsoft.Extensions.Hosting;

namespace Deployer.Bot.Notifications.Slack.Outbox;

/// <summary>Creates <see cref="OutboxMetrics"/> at start so the gauge exists before anyone asks for it.</summary>
internal sealed class OutboxMetricsStarter(OutboxMetrics metrics) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        GC.KeepAlive(metrics);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
