using Deployer.Bot.Local;
using Deployer.Bot.Scheduling;
using Deployer.Core.Ports;
using Deployer.Integrations.Local;
using Deployer.Integrations.World;
using LiteDB;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Quartz;

namespace Deployer.Bot.Extensions;

/// <summary>Registers local mode: the local platform, its simulated CI, the world-file sources and the release simulator.</summary>
public static class LocalModeServiceCollectionExtensions
{
    public static IServiceCollection AddLocalMode(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var section = configuration.GetSection(LocalOptions.Section);
        services.AddOptions<LocalOptions>().Bind(section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<LocalOptions>, LocalOptionsValidator>();

        services.AddSingleton(sp => new LocalPlatform(sp.GetRequiredService<LiteDatabase>(), sp.GetRequiredService<TimeProvider>(), NewRandom(sp)));
        services.AddSingleton<IReleasePlatform>(sp => sp.GetRequiredService<LocalPlatform>());
        services.AddSingleton<ITestResults>(sp => new LocalTestResults(sp.GetRequiredService<LocalPlatform>(), sp.GetRequiredService<TimeProvider>()));

        if (section[nameof(LocalOptions.WorldFile)] is not "")
        {
            AddWorld(services);
        }

        // One source for local mode: what a diff ships from the simulated history, branch membership from the world file
        // (without one, none, as before). Real adapters (GitHub) are registered first, so they are asked first.
        services.AddSingleton<ICommitInfo>(sp => new LocalCommitInfo(
            sp.GetRequiredService<LocalPlatform>(), sp.GetRequiredService<TimeProvider>(), sp.GetService<WorldCommitInfo>()));

        if (section.GetValue<bool?>("Simulator:Enabled") ?? true)
        {
            AddSimulator(services);
        }

        return services;
    }

    private static void AddWorld(IServiceCollection services)
    {
        services.TryAddSingleton<SimulatedAlerts>();
        services.AddSingleton(sp =>
        {
            var file = sp.GetRequiredService<IOptions<LocalOptions>>().Value.WorldFile ?? "local-world.json";
            var path = Path.Combine(sp.GetRequiredService<IHostEnvironment>().ContentRootPath, file);
            return new LocalWorld(path, sp.GetRequiredService<ILogger<LocalWorld>>());
        });
        services.AddSingleton<IAlertSource>(sp => new WorldAlertSource(WorldAlertSource.Alertmanager, World(sp)));
        services.AddSingleton<IAlertSource>(sp => new WorldAlertSource(WorldAlertSource.Librato, World(sp)));
        services.AddSingleton<IIncidentSource>(sp => new WorldIncidentSource(World(sp)));
        services.AddSingleton<ITestResults>(sp => new WorldTestResults(World(sp)));
        // Branches the world does not list are answered from the release's own branch (local releases carry one).
        services.AddSingleton(sp => new WorldCommitInfo(World(sp)));
    }

    private static void AddSimulator(IServiceCollection services)
    {
        services.AddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<LocalOptions>>().Value.Simulator;
            var settings = new LocalSimulatorSettings
            {
                OtherBranchRatio = options.OtherBranchRatio,
                TestFailureRatio = options.TestFailureRatio,
                TestDuration = options.TestDuration,
            };
            return new LocalReleaseSimulator(sp.GetRequiredService<LocalPlatform>(), sp.GetRequiredService<TimeProvider>(), settings, NewRandom(sp));
        });
        services.AddSingleton<ReleaseSimulation>();
        services.TryAddSingleton<SimulatedAlerts>();
        services.AddSingleton<BadReleaseSimulation>();
        services.AddQuartz(q => q.AddRecurringJob<ReleaseSimulatorJob>(
            ReleaseSimulatorJob.Key,
            sp => sp.GetRequiredService<IOptions<LocalOptions>>().Value.Simulator.Interval,
            sp => sp.GetRequiredService<IOptions<LocalOptions>>().Value.Simulator.FirstReleaseAfter));
    }

    private static Func<WorldFile> World(IServiceProvider sp)
    {
        var world = sp.GetRequiredService<LocalWorld>();
        var simulated = sp.GetRequiredService<SimulatedAlerts>();
        return () => simulated.Over(world.Current);
    }

    private static Random NewRandom(IServiceProvider sp) =>
        sp.GetRequiredService<IOptions<LocalOptions>>().Value.Simulator.Seed is { } seed ? new Random(seed) : new Random();
}
