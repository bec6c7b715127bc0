using Deployer.Bot.Notifications;
using Deployer.Core.Events;
using Deployer.Core.Ports;
using Quartz;

namespace Deployer.Bot.Hosting;

/// <summary>
/// Re-reads the manifest folder when it changed (<c>Manifests:ReloadInterval</c>); a broken edit of a service's manifest
/// is announced in that service's channel, since its last good version stays in force meanwhile.
/// </summary>
[DisallowConcurrentExecution]
internal sealed class ManifestReloadJob(ReloadingManifestCatalog catalog, INotificationQueue queue, IEventPublisher events, TimeProvider time) : IJob
{
    public static readonly JobKey Key = new("manifest-reload", "deployer");

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        if (catalog.Reload() is not { } reload || reload.Kept.Count == 0)
        {
            return;
        }

        foreach (var manifest in reload.Kept)
        {
            var file = Path.GetFileName(manifest.SourceFile ?? "");
            var problems = reload.Errors.Where(e => string.Equals(e.File, file, StringComparison.OrdinalIgnoreCase)).ToList();
            if (problems.Count == 0)
            {
                continue;
            }

            var refused = new ManifestNotLoaded
            {
                ManifestService = manifest.Service,
                File = file,
                Problems = [.. problems.Select(p => new ManifestProblem(p.Path, p.Message))],
                At = time.GetUtcNow(),
            };
            queue.Enqueue(refused);
            await events.PublishAsync(refused, cancellationToken);
        }
    }
}
