using System.Text.Encodings.Web;
using System.Text.Json;
using Deployer.Bot.Hosting;
using Deployer.Bot.Store;
using Deployer.Core.Engine;
using Deployer.Core.Events;
using Deployer.Core.Manifests;
using Deployer.Core.Ports;
using Deployer.Integrations.Local;
using Deployer.Integrations.ManifestFiles;
using Deployer.Integrations.World;

namespace Deployer.Bot.Cli;

/// <summary>
/// <c>plan</c>: what the engine would decide now, promoting and recording nothing: against the configured platforms and
/// sources, or with <c>--world FILE</c> with every outside system read from a world file. Exit codes: 0 planned, 1 the engine reported errors, 2 bad arguments, world file or manifests.
/// </summary>
public static class PlanCommand
{
    public const int Ok = 0;
    public const int EngineErrors = 1;
    public const int BadInput = 2;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static async Task<int> RunAsync(IReadOnlyList<string> args, TextWriter output, TextWriter error, TimeProvider? clock = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        var (arguments, problem) = PlanArguments.Parse(args);
        if (arguments is null || arguments.Help)
        {
            await (problem is null ? output : error).WriteLineAsync((problem is null ? "" : $"error: {problem}{Environment.NewLine}") + PlanArguments.Usage);
            return problem is null ? Ok : BadInput;
        }

        WorldFile? world = null;
        if (arguments.World is { } worldPath)
        {
            var loadedWorld = WorldFile.Load(Resolve(worldPath));
            if (!loadedWorld.Succeeded)
            {
                await error.WriteLineAsync($"error: world file {worldPath} is not valid:");
                foreach (var e in loadedWorld.Errors)
                {
                    await error.WriteLineAsync($"  {e}");
                }

                return BadInput;
            }

            world = loadedWorld.World;
        }

        var directory = arguments.Manifests is { } m ? Resolve(m) : Path.Combine(ContentRoot.Find(), "manifests");
        var manifests = ManifestLoader.LoadDirectory(directory);
        if (manifests.Errors.Count > 0 || manifests.Manifests.Count == 0)
        {
            await error.WriteLineAsync(manifests.Errors.Count > 0 ? $"error: manifests in {directory} are not valid:" : $"error: no manifests in {directory}");
            foreach (var e in manifests.Errors)
            {
                await error.WriteLineAsync($"  {e}");
            }

            return BadInput;
        }

        var catalog = new ManifestCatalog(manifests);
        if (arguments.Service is { } service && catalog.Find(service) is null)
        {
            await error.WriteLineAsync($"error: no manifest for service '{service}' (known: {string.Join(", ", catalog.All.Select(m => m.Service))})");
            return BadInput;
        }

        CycleReport report;
        if (world is not null)
        {
            report = await PlanAsync(catalog, world, arguments.Service, clock ?? TimeProvider.System, cancellationToken);
        }
        else
        {
            try
            {
                report = await LivePlan.PlanAsync(catalog, arguments.Service, cancellationToken);
            }
            catch (Exception ex) when (Startup.StartupGuard.Describe(ex) is { Count: > 0 } problems)
            {
                foreach (var p in problems)
                {
                    await error.WriteLineAsync($"error: {p}");
                }

                return BadInput;
            }
            catch (IOException ex)
            {
                await error.WriteLineAsync($"error: the store could not be opened ({ex.Message}); if the bot is running, ask it instead: `plan` on its console or `/deployer plan` in Slack");
                return BadInput;
            }
        }

        await output.WriteAsync(arguments.Json
            ? JsonSerializer.Serialize(report.Decisions.Select(PlanEntry.Of).ToList(), Json) + Environment.NewLine
            : PlanTable.Render(report.Decisions));
        foreach (var e in report.Errors)
        {
            await error.WriteLineAsync($"error: {e}");
        }

        return report.Errors.Count == 0 ? Ok : EngineErrors;
    }

    /// <summary>Plans <paramref name="catalog"/> against <paramref name="world"/>: its releases, sources, holds and clock.</summary>
    public static async Task<CycleReport> PlanAsync(IManifestCatalog catalog, WorldFile world, string? service, TimeProvider clock, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(world);
        WorldFile Current() => world;
        var time = new WorldTimeProvider(Current, clock);
        var sources = new EngineSources(
            [new WorldAlertSource(WorldAlertSource.Alertmanager, Current), new WorldAlertSource(WorldAlertSource.Librato, Current)],
            // The world answers for every incident source a manifest may name; the first is the default.
            [new WorldIncidentSource(Current, "local"), new WorldIncidentSource(Current, "pagerduty"), new WorldIncidentSource(Current, "statuspage")],
            [new WorldTestResults(Current)],
            [new WorldCommitInfo(Current)]);
        // Plan records nothing; the stores only satisfy the engine's constructor and live in memory.
        using var database = DeployerDatabase.InMemory();
        var state = new EngineState(
            new WorldHoldStore(world), new LiteDbPromotionLedger(database), new LiteDbDecisionStore(database), new LiteDbAuditLog(database), NoEventPublisher.Instance);
        var engine = new PromotionEngine(catalog, new WorldPlatformRegistry(LocalPlatform.ForWorld(database, time, catalog.All, world.Releases)), sources, state, new EngineOptions(), time);
        return await engine.PlanAsync(service, cancellationToken);
    }

    /// <summary>
    /// A relative path is taken from the current directory, or else from the repository root: <c>dotnet run --project</c>
    /// starts the program in the project folder, not where the user typed the command.
    /// </summary>
    private static string Resolve(string path)
    {
        if (Path.IsPathRooted(path) || File.Exists(path) || Directory.Exists(path))
        {
            return path;
        }

        var fromRoot = Path.Combine(ContentRoot.Find(), path);
        return File.Exists(fromRoot) || Directory.Exists(fromRoot) ? fromRoot : path;
    }
}
