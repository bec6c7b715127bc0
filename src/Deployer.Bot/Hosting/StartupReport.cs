using Deployer.Core.Manifests;
using LiteDB;
using Microsoft.Extensions.Hosting;

namespace Deployer.Bot.Hosting;

/// <summary>Opens the store and loads the manifests as the host starts, so their problems show at once, before any cycle.</summary>
internal sealed class StartupReport(IManifestCatalog catalog, LiteDatabase database) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        GC.KeepAlive(catalog);
        GC.KeepAlive(database);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
