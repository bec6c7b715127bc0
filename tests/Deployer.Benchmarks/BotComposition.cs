using Deployer.Bot.Extensions;
using Deployer.Bot.Hosting;
using Deployer.Bot.Notifications.Console;
using Deployer.Integrations.Extensions;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Deployer.Benchmarks;

/// <summary>
/// The bot's own composition (<c>AddDeployer</c>, which includes <c>AddDeployerIntegrations</c>) on a scratch content root holding a copy of the shipped <c>appsettings.json</c>, the generated manifests and
/// a fresh LiteDB file. The app is built but not started: the harness drives <see cref="Deployer.Bot.Scheduling.CycleRunner"/> itself.
/// </summary>
public static class BotComposition
{
    public static string RepoRoot() =>
        ContentRoot.Search(Directory.GetCurrentDirectory()) ?? ContentRoot.Search(AppContext.BaseDirectory)
        ?? throw new InvalidOperationException("run from the repository (cannot find Deployer.Bot.sln above the current directory)");

    /// <summary>A scratch content root: <c>appsettings.json</c> copied from the repository, <c>manifests/</c> generated.</summary>
    public static string NewContentRoot(string name, int pipelines, string platformKind, bool budget = false)
    {
        var root = Path.Combine(Path.GetTempPath(), "deployer-bench", $"{name}-{Environment.ProcessId}-{Guid.NewGuid():N}"[..40]);
        Directory.CreateDirectory(root);
        var repo = RepoRoot();
        File.Copy(Path.Combine(repo, "appsettings.json"), Path.Combine(root, "appsettings.json"), overwrite: true);
        ManifestGenerator.Write(Path.Combine(root, "manifests"), pipelines, platformKind, repo, budget);
        return root;
    }

    public static WebApplication Build(string contentRoot, string fakeUrl, IDictionary<string, string?>? overrides = null)
    {
        var builder = DeployerHost.CreateBuilder([], contentRoot);
        var settings = new Dictionary<string, string?>
        {
            ["Logging:LogLevel:Default"] = "Warning",
            ["Logging:LogLevel:Microsoft.Hosting.Lifetime"] = "Warning",
            ["Logging:LogLevel:Deployer.Core.Engine.PromotionEngine"] = "Error",
            ["Store:Path"] = "data/deployer.db",
            ["Local:WorldFile"] = "",
            ["Local:Simulator:Enabled"] = "false",
            ["ChatOps:ReadConsole"] = "false",
            ["Heroku:ApiToken"] = "bench-token",
            ["Heroku:ApiBaseUrl"] = fakeUrl + "/heroku",
            ["Alertmanager:Url"] = fakeUrl + "/am",
            ["PagerDuty:ApiKey"] = "bench-key",
            ["PagerDuty:Url"] = fakeUrl + "/pd",
            ["GitHub:Token"] = "bench-token",
            ["GitHub:ApiBaseUrl"] = fakeUrl + "/gh",
        };
        foreach (var (k, v) in overrides ?? new Dictionary<string, string?>())
        {
            settings[k] = v;
        }

        builder.Configuration.AddInMemoryCollection(settings);

        // Decisions would otherwise be printed: 3,000 lines per cold cycle measure the terminal, not the bot.
        builder.Services.AddSingleton<IConsoleOutput>(new TextWriterConsoleOutput(TextWriter.Null));
        builder.AddDeployer();
        if (!builder.Services.Any(d => d.ServiceType == typeof(Deployer.Integrations.CommandPlatform.CommandReleasePlatform)))
        {
            // Older hosts did not wire the adapters yet.
            builder.Services.AddDeployerIntegrations(builder.Configuration);
        }

        return builder.Build();
    }
}
