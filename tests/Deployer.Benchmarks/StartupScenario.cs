using System.Diagnostics;
using System.Globalization;

namespace Deployer.Benchmarks;

/// <summary>
/// <c>startup</c>: the built bot as a child process with the shipped configuration on a content root holding N
/// generated manifests (default 1,000); time from process start to the first 200 from <c>/healthz</c>. Each run starts
/// on a fresh data folder. A baseline with the repository's three manifests shows what the manifests cost.
/// </summary>
public static class StartupScenario
{
    public static async Task<Report> RunAsync(BenchOptions options)
    {
        var pipelines = options.Int("pipelines", 1000);
        var runs = options.Int("runs", 3);
        var dll = BotProcess.FindDll(options);
        var root = BotComposition.NewContentRoot("startup", pipelines, "local");
        var world = Path.Combine(BotComposition.RepoRoot(), "local-world.json");
        if (File.Exists(world))
        {
            File.Copy(world, Path.Combine(root, "local-world.json"), overwrite: true);
        }

        var times = new List<double>();
        var phases = new List<string>();
        for (var i = 0; i < runs; i++)
        {
            var (ready, phase) = await OnceAsync(options, dll, root);
            times.Add(ready);
            phases.Add(phase);
        }

        var baselineRoot = BotComposition.NewContentRoot("startup-base", 0, "local");
        foreach (var file in Directory.EnumerateFiles(Path.Combine(BotComposition.RepoRoot(), "manifests"), "*.json"))
        {
            File.Copy(file, Path.Combine(baselineRoot, "manifests", Path.GetFileName(file)), overwrite: true);
        }

        if (File.Exists(world))
        {
            File.Copy(world, Path.Combine(baselineRoot, "local-world.json"), overwrite: true);
        }

        var baseline = new List<double>();
        for (var i = 0; i < Math.Max(1, runs - 1); i++)
        {
            baseline.Add((await OnceAsync(options, dll, baselineRoot)).Ready);
        }

        var median = new Percentiles(times).P(50);
        var report = new Report("startup")
            .Add("manifests", pipelines)
            .Add("readyMs", median, $"median of {runs}: {string.Join(", ", times.Select(t => t.ToString("0", System.Globalization.CultureInfo.InvariantCulture)))}")
            .Add("readyMaxMs", times.Max())
            .Add("phases", string.Join(" | ", phases), "ms from process start to: manifests loaded, listening, healthy; then stop")
            .Add("baselineReadyMs", new Percentiles(baseline).P(50), "the repository's 3 manifests")
            .Add("manifestCostMs", median - new Percentiles(baseline).P(50));
        report.Target("ready ≤ 1.5 s", median <= 1500, $"{median:0} ms");
        CycleScenario.TryDelete(root);
        CycleScenario.TryDelete(baselineRoot);
        return report;
    }

    private static async Task<(double Ready, string Phases)> OnceAsync(BenchOptions options, string dll, string root)
    {
        var data = Path.Combine(root, "data");
        if (Directory.Exists(data))
        {
            Directory.Delete(data, recursive: true);
        }

        var port = BotProcess.FreePort();
        var started = Stopwatch.GetTimestamp();
        await using var bot = BotProcess.Start(dll, root, port);
        var ready = await BotProcess.WaitHealthyAsync(bot, port, started, TimeSpan.FromSeconds(60));
        var stopping = Stopwatch.GetTimestamp();
        var graceful = await bot.StopAsync(TimeSpan.FromSeconds(options.Double("stop-grace-seconds", 5)));
        var stopMs = Stopwatch.GetElapsedTime(stopping).TotalMilliseconds;
        string At(string text) => bot.LineTime(text) is { } t ? Stopwatch.GetElapsedTime(started, t).TotalMilliseconds.ToString("0", CultureInfo.InvariantCulture) : "?";
        var phases = $"manifests {At("manifest")}, listening {At("Now listening")}, healthy {ready.TotalMilliseconds:0}, stop {stopMs:0}{(graceful ? "" : " (killed: no exit after SIGTERM)")}";
        return (ready.TotalMilliseconds, phases);
    }
}
