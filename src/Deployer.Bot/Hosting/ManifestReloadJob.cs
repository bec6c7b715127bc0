using Deployer.Bot.ChatOps.Announcing;
using Deployer.Bot.ChatOps.Rendering;
using Microsoft.Extensions.DependencyInjection;
using Quartz;

namespace Deployer.Bot.Hosting;

/// <summary>
/// Re-reads the manifest folder when it changed (<c>Manifests:ReloadInterval</c>); a broken edit of a service's manifest
/// is announced in that service's channel, since its last good version stays in force meanwhile.
/// </summary>
[DisallowConcurrentExecution]
internal sealed class ManifestReloadJob(ReloadingManifestCatalog catalog, IServiceProvider services) : IJob
{
    public static readonly JobKey Key = new("manifest-reload", "deployer");

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        if (catalog.Reload() is not { } reload || reload.Kept.Count == 0 || services.GetService<IChannelAnnouncer>() is not { } announcer)
        {
            return;
        }

        foreach (var manifest in reload.Kept)
        {
            var file = Path.GetFileName(manifest.SourceFile ?? "");
            var problems = reload.Errors.Where(e => string.Equals(e.File, file, StringComparison.OrdinalIgnoreCase)).ToList();
            if (problems.Count == 0 || manifest.Slack.Channel is not { Length: > 0 } channel)
            {
                continue;
            }

            var text = $"⚠️ The edit of *{file}* was not loaded; *{manifest.Service}* keeps its last good manifest until it is fixed:\n"
                + string.Join('\n', problems.Select(p => $"• `{p.Path}`: {SlackFormat.Escape(p.Message)}"));
            await announcer.PostAsync(channel, Replies.Text(text), cancellationToken);
        }
    }
}
