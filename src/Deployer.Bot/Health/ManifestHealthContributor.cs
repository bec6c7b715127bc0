using Deployer.Core.Manifests;

namespace Deployer.Bot.Health;

/// <summary><c>manifests</c>: degraded while any manifest fails to load (the others still run).</summary>
internal sealed class ManifestHealthContributor(IManifestCatalog catalog) : IHealthContributor
{
    public string Name => "manifests";

    public ValueTask<ComponentHealth> CheckAsync(CancellationToken cancellationToken) =>
        ValueTask.FromResult(catalog.Errors.Count == 0
            ? ComponentHealth.Healthy($"{catalog.All.Count} loaded")
            : ComponentHealth.Degraded($"{catalog.All.Count} loaded, {catalog.Errors.Count} failed to load: {string.Join("; ", catalog.Errors.Take(3).Select(e => e.ToString()))}{(catalog.Errors.Count > 3 ? "; …" : "")}"));
}
