using Deployer.Core.Manifests;
using Deployer.Integrations.Heroku;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Deployer.Bot.Hosting;

/// <summary>
/// At start, checks once that every Heroku manifest target is coupled to its pipeline and reports mismatches
/// clearly. Runs in the background so a slow Heroku never delays start-up; a mismatch is reported, not fatal,
/// because the pair itself fails closed when its targets cannot be read.
/// </summary>
internal sealed class HerokuCouplingCheck(IServiceProvider services, IManifestCatalog catalog, ILogger<HerokuCouplingCheck> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var verifier = services.GetService<HerokuCouplingVerifier>();
        var heroku = catalog.All.Where(m => string.Equals(m.Platform.Kind, "heroku", StringComparison.OrdinalIgnoreCase)).ToList();
        if (verifier is null || heroku.Count == 0)
        {
            return;
        }

        try
        {
            var problems = await verifier.VerifyAsync(heroku, stoppingToken);
            foreach (var problem in problems)
            {
                logger.LogWarning("Heroku coupling: {Problem}", problem);
            }

            if (problems.Count == 0)
            {
                logger.LogInformation("Heroku coupling: all targets of {Count} manifest(s) are coupled to their pipelines", heroku.Count);
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogWarning("Heroku coupling could not be verified: {Error}", ex.Message);
        }
    }
}
