using Deployer.Slack.SocketMode;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Deployer.Bot.Slack;

/// <summary>Keeps the Socket Mode connection for the life of the host (the client reconnects by itself).</summary>
internal sealed class SocketModeHostedService(SocketModeClient client, IHostApplicationLifetime lifetime, ILogger<SocketModeHostedService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            var reason = await client.RunAsync(stoppingToken);
            if (reason == SocketModeStopReason.LinkDisabled)
            {
                logger.LogCritical("Slack disabled Socket Mode for this app; no commands will arrive. Turn Socket Mode back on or use Slack:Mode=Http.");
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
        {
            logger.LogCritical(ex, "Slack Socket Mode cannot connect (check Slack:AppToken); stopping");
            lifetime.StopApplication();
        }
    }
}
