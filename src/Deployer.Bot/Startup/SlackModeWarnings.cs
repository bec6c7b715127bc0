using Deployer.Bot.ChatOps;
using Deployer.Core.Commands;
using Deployer.Core.Manifests;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Deployer.Bot.Startup;

/// <summary>
/// In a Slack mode, warns at start about what works in the local demo but not with real people: nobody authorized
/// to hold or force, and the release simulator inventing releases for manifests that use the local platform.
/// </summary>
internal sealed class SlackModeWarnings(
    IOptions<SlackModeOptions> mode, IOptions<AuthorizationOptions> authorization, IManifestCatalog catalog, IConfiguration configuration, ILogger<SlackModeWarnings> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (mode.Value.Mode == ChatMode.Console)
        {
            return Task.CompletedTask;
        }

        var a = authorization.Value;
        if (a.Operators.Count == 0 && a.ForcePromoters.Count == 0 && a.Approvers.Count == 0)
        {
            logger.LogWarning(
                "No Authorization is configured: in {Mode} mode nobody can hold, resume, force-promote or approve (only a manifest's owners may hold and resume their service). Set Authorization__Operators__0=U…, Authorization__ForcePromoters__0=U…, Authorization__Approvers__0=U… (see the README's Set up in Slack)",
                mode.Value.Mode);
        }

        var simulated = catalog.All.Where(m => m.Platform.Kind.Equals("local", StringComparison.OrdinalIgnoreCase)).Select(m => m.Service).ToList();
        if (simulated.Count > 0 && (configuration.GetValue<bool?>("Local:Simulator:Enabled") ?? true))
        {
            logger.LogWarning(
                "THE LOCAL RELEASE SIMULATOR IS RUNNING in {Mode} mode: it invents releases for {Services}, whose manifests use the local platform, and their decisions go to the channels those manifests name. Point Manifests__Path at your own manifests (or replace manifests/) and set Local__Simulator__Enabled=false",
                mode.Value.Mode, string.Join(", ", simulated));
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
