using Deployer.Core.Manifests;
using Deployer.Integrations.ManifestFiles;
using Microsoft.Extensions.Logging;

namespace Deployer.Bot.Hosting;

/// <summary>Loads the manifest catalog and logs, file by file, what did not load.</summary>
public static class ManifestCatalogLoader
{
    public static ManifestCatalog Load(string directory, ILogger logger, long maxFileBytes = ManifestLoader.DefaultMaxFileBytes)
    {
        ArgumentNullException.ThrowIfNull(logger);
        var result = ManifestLoader.LoadDirectory(directory, maxFileBytes);
        foreach (var error in result.Errors)
        {
            logger.LogError("Manifest not loaded: {File}: {Path}: {Problem}", error.File, error.Path, error.Message);
        }

        if (result.Manifests.Count == 0)
        {
            logger.LogWarning("No manifests loaded from {Directory}: the engine has nothing to do", directory);
        }
        else
        {
            logger.LogInformation("Loaded {Count} manifest(s) from {Directory}: {Services}",
                result.Manifests.Count, directory, string.Join(", ", result.Manifests.Select(m => m.Service)));
        }

        return new ManifestCatalog(result);
    }
}
