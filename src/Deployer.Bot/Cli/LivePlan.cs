using Deployer.Bot.Extensions;
using Deployer.Bot.Hosting;
using Deployer.Core.Engine;
using Deployer.Core.Manifests;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Deployer.Bot.Cli;

/// <summary>
/// <c>plan</c> without <c>--world</c>: the bot's own composition (configuration, environment, platforms and sources,
/// store for holds), built but never started, asked for a plan. Reads only: the engine's plan promotes and records nothing.
/// </summary>
internal static class LivePlan
{
    public static async Task<CycleReport> PlanAsync(IManifestCatalog catalog, string? service, CancellationToken cancellationToken)
    {
        var builder = DeployerHost.CreateBuilder([]);
        builder.Logging.ClearProviders();
        builder.Configuration["ChatOps:ReadConsole"] = "false";
        builder.AddDeployer();
        // The manifests plan was pointed at (and has already validated), not the configured folder.
        builder.Services.AddSingleton(catalog);
        await using var app = builder.Build();
        app.Services.GetService<IStartupValidator>()?.Validate();
        return await app.Services.GetRequiredService<PromotionEngine>().PlanAsync(service, cancellationToken);
    }
}
