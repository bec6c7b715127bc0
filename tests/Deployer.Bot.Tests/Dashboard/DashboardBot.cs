using Deployer.Bot.ChatOps.Commands;
using Deployer.Bot.Scheduling;
using Deployer.Bot.Tests.Support;
using Deployer.Core.Commands;
using Deployer.Core.Manifests;
using Deployer.Integrations.Local;
using Microsoft.Extensions.DependencyInjection;

namespace Deployer.Bot.Tests.Dashboard;

/// <summary>
/// The real bot in local mode on the repository's own manifests (router, billing, checkout), cycles only on demand
/// (the interval is an hour), so a test knows whether a change reached a page through an event or a cycle.
/// </summary>
internal sealed class DashboardBot : IAsyncDisposable
{
    private readonly TempDir _dir;

    private DashboardBot(TempDir dir, TestBot bot)
    {
        _dir = dir;
        Bot = bot;
    }

    public TestBot Bot { get; }
    public string BaseUrl => Bot.Http.BaseAddress!.ToString().TrimEnd('/');
    public IServiceProvider Services => Bot.Services;

    public static async Task<DashboardBot> StartAsync(string world = "{}", IDictionary<string, string?>? overrides = null)
    {
        var dir = new TempDir();
        foreach (var file in Directory.GetFiles(Path.Combine(RepoPaths.Root, "manifests"), "*.json"))
        {
            File.Copy(file, dir.File(Path.Combine("manifests", Path.GetFileName(file))).EnsureFolder());
        }

        dir.Write("world.json", world);
        var settings = new Dictionary<string, string?>
        {
            ["Engine:Interval"] = "01:00:00",
            ["Scheduling:HoldExpiryInterval"] = "01:00:00",
            // The simulator is there for LandAsync; its own job never fires during a test.
            ["Local:Simulator:Enabled"] = "true",
            ["Local:Simulator:Interval"] = "01:00:00",
            ["Local:Simulator:FirstReleaseAfter"] = "01:00:00",
        };
        foreach (var (key, value) in overrides ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }

        var bot = await TestBot.StartAsync(dir, settings);
        var started = new DashboardBot(dir, bot);
        // Generous: with every test class starting hosts at once on a loaded 2-core machine, the first cycle can take a while.
        try
        {
            // The scheduled first cycle fires at start; about one start in eight with every dashboard class starting hosts
            // at once, it had not fired after 60 s, with Quartz idle and no cycle under way (a dump showed no CycleJob in
            // flight; cause not found, see docs). These tests are about pages, so after 15 s they ask for the cycle as an
            // operator's `run` does; the first cycle at start is covered by the scheduling tests.
            try
            {
                await Eventually.TrueAsync(() => started.Cycles.Status.Completed >= 1, "the scheduled first cycle", TimeSpan.FromSeconds(15));
            }
            catch (TimeoutException)
            {
                await started.Services.GetRequiredService<ICycleTrigger>().TriggerNowAsync();
            }

            await Eventually.TrueAsync(() => started.Cycles.Status.Completed >= 1, "the first cycle", TimeSpan.FromSeconds(60));
        }
        catch (TimeoutException ex)
        {
            // Seen about once in eight full runs and not reproduced alone: say what the runner saw, so the next one says why.
            var status = started.Cycles.Status;
            throw new TimeoutException(
                $"{ex.Message}; cycle status: started {status.LastStartedAt?.ToString("O") ?? "never"}, completed {status.Completed}, "
                + $"errors [{string.Join("; ", status.LastErrors)}]; last console lines:\n{string.Join('\n', bot.Console.Lines.TakeLast(20))}", ex);
        }

        return started;
    }

    private CycleRunner Cycles => Services.GetRequiredService<CycleRunner>();

    /// <summary>Runs one cycle now and waits for it to finish.</summary>
    public async Task CycleAsync()
    {
        var before = Cycles.Status.Completed;
        await Services.GetRequiredService<ICycleTrigger>().TriggerNowAsync();
        await Eventually.TrueAsync(() => Cycles.Status.Completed > before, "a cycle");
    }

    /// <summary>A new release on the service's first stage (as the local simulator lands one), then a cycle.</summary>
    public async Task LandAsync(string service)
    {
        var manifest = Services.GetRequiredService<IManifestCatalog>().Find(service)!;
        Services.GetRequiredService<LocalReleaseSimulator>().Land(manifest);
        await CycleAsync();
    }

    /// <summary>Runs a command as the console user (every role), the way a line typed on standard input runs.</summary>
    public async Task CommandAsync(string text)
    {
        var reply = Services.GetRequiredService<CommandHandler>().Handle(Caller.Local, text);
        // Mistakes are answered at once with usage; every command these tests type does its work later.
        var later = reply.Later ?? throw new InvalidOperationException($"'{text}' was not accepted: {reply.Now?.Text}");
        await later(CancellationToken.None);
    }

    public async ValueTask DisposeAsync()
    {
        await Bot.DisposeAsync();
        _dir.Dispose();
    }
}

internal static class PathExtensions
{
    public static string EnsureFolder(this string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        return path;
    }
}
