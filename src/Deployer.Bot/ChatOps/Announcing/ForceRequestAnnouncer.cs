using Deployer.Bot.ChatOps.Rendering;
using Deployer.Core.Commands;
using Deployer.Core.Manifests;
using Microsoft.Extensions.Logging;

namespace Deployer.Bot.ChatOps.Announcing;

/// <summary>Keeps one channel message per force-promote request, updated as it is approved, rejected, expires or promotes.</summary>
internal sealed class ForceRequestAnnouncer(IChannelAnnouncer announcer, IManifestCatalog catalog, ILogger<ForceRequestAnnouncer> logger) : IForceRequestNotifier
{
    public static string KeyFor(string requestId) => $"force:{requestId}";

    public Task ForceRequestChangedAsync(ForceRequest request, CancellationToken cancellationToken)
    {
        if (catalog.Find(request.Service)?.Slack.Channel is not { Length: > 0 } channel)
        {
            logger.LogWarning("{Service} has no Slack channel; force-promote request {Request} is not announced", request.Service, request.Id);
            return Task.CompletedTask;
        }

        return announcer.UpsertAsync(channel, KeyFor(request.Id), ForceRequestBlocks.Render(request), cancellationToken);
    }
}
