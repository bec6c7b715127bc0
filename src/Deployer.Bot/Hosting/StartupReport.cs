using Deployer.Core.Manifests;
using LiteDB;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Deployer.Bot.Hosting;

/// <summary>
/// Opens the store and loads the manifests as the host starts, so their problems show at once, before any cycle; and
/// says when the memory setting that only the environment can carry is missing.
/// </summary>
internal sealed class StartupReport(IManifestCatalog catalog, LiteDatabase database, IConfiguration configuration, ILogger<StartupReport> logger) : IHostedService
{
    /// <summary>The GC reads this knob only from the environment (not from runtimeconfig.json); see docs/performance.md.</summary>
    public const string Gen0SizeVariable = "DOTNET_GCgen0size";

    public Task StartAsync(CancellationToken cancellationToken)
    {
        GC.KeepAlive(catalog);
        GC.KeepAlive(database);
        if (string.IsNullOrEmpty(configuration[Gen0SizeVariable]))
        {
            logger.LogInformation(
                "{Variable} is not set: the GC sizes its young generation from the CPU cache, which costs about 20 MB of resident memory on large-cache servers. Set {Variable}=0x400000 in this deployment's environment (dotnet run does it through the launch profile); see docs/performance.md",
                Gen0SizeVariable, Gen0SizeVariable);
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
