using System.Diagnostics;
using Deployer.Bot.Scheduling;
using Microsoft.Extensions.DependencyInjection;

namespace Deployer.Benchmarks;

/// <summary>
/// <c>memory</c>: the bot's composition in this process (fakes in a child process), N Heroku pipelines, C cycles back
/// to back; RSS and managed heap after each. Steady RSS is the median from cycle 10 on; growth compares the mean of
/// cycles 10–14 with the mean of the last five. The first cycles promote (10% of pipelines differ), so the store grows
/// a little early on, as a real bot's does.
/// </summary>
public static class MemoryScenario
{
    public static async Task<Report> RunAsync(BenchOptions options)
    {
        var pipelines = options.Int("pipelines", 1000);
        var cycles = options.Int("cycles", 100);
        var latency = options.Int("latency-ms", 1);
        var root = BotComposition.NewContentRoot("memory", pipelines, "heroku");
        await using var fake = await FakeProcess.StartAsync(Path.Combine(root, "manifests"), latency, options.Int("diff-every", 10), options.Has("fakes-in-process"));
        var overrides = new Dictionary<string, string?>();
        if (options.Has("parallelism"))
        {
            overrides["Engine:MaxParallelism"] = options.String("parallelism");
        }

        await using var app = BotComposition.Build(root, fake.Url, overrides);
        var runner = app.Services.GetRequiredService<CycleRunner>();
        using var self = Process.GetCurrentProcess();
        var baseline = Rss(self);
        var rss = new List<double>(cycles);
        var heap = new List<double>(cycles);
        var wall = new List<double>(cycles);
        var errors = 0;
        var total = Stopwatch.StartNew();
        for (var i = 0; i < cycles; i++)
        {
            var sw = Stopwatch.StartNew();
            var r = await runner.RunAsync(CancellationToken.None);
            wall.Add(sw.Elapsed.TotalMilliseconds);
            errors += r?.Errors.Count ?? 1;
            rss.Add(Rss(self));
            heap.Add(GC.GetTotalMemory(forceFullCollection: false) / 1048576.0);
        }

        var from = Math.Min(9, cycles - 1);
        var steady = new Percentiles(rss.Skip(from));
        var early = rss.Skip(from).Take(5).Average();
        var late = rss.TakeLast(5).Average();
        var growth = (late - early) / early * 100;
        var peak = rss.Max();

        // What is live after a full collection: separates garbage not yet collected from real retention.
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        var liveMb = GC.GetTotalMemory(forceFullCollection: true) / 1048576.0;
        var rssAfterGc = Rss(self);

        var report = new Report("memory")
            .Add("pipelines", pipelines)
            .Add("targets", ManifestGenerator.TargetCount(pipelines))
            .Add("cycles", cycles)
            .Add("latencyMs", latency)
            .Add("gc", $"{(System.Runtime.GCSettings.IsServerGC ? "server" : "workstation")}, {Environment.ProcessorCount} cpus")
            .Add("baselineRssMb", baseline, "composition built, before the first cycle")
            .Add("steadyRssMb", steady.P(50), $"median RSS of cycles {from + 1}–{cycles}")
            .Add("peakRssMb", peak)
            .Add("rssCycle10Mb", rss[from])
            .Add("rssLastMb", rss[^1])
            .Add("growthPct", growth, $"mean of cycles {from + 1}–{from + 5} vs last 5")
            .Add("heapMb", heap.Skip(from).Average(), "GC.GetTotalMemory, mean from cycle 10")
            .Add("liveHeapAfterFullGcMb", liveMb)
            .Add("rssAfterFullGcMb", rssAfterGc)
            .Add("cycleMsMedian", new Percentiles(wall.Skip(from)).P(50))
            .Add("totalSeconds", total.Elapsed.TotalSeconds)
            .Add("errors", errors)
            .Add("rssSeries", string.Join(' ', rss.Select((r, i) => (r, i)).Where(x => x.i % 10 == 9 || x.i == 0).Select(x => $"{x.i + 1}:{x.r:0}")));
        report.Target("steady RSS ≤ 150 MB", steady.P(50) <= 150, $"{steady.P(50):0.0} MB (peak {peak:0.0})");
        report.Target("growth cycle 10→100 ≤ 5%", growth <= 5, $"{growth:0.0}%");
        CycleScenario.TryDelete(root);
        return report;
    }

    private static double Rss(Process self)
    {
        self.Refresh();
        return self.WorkingSet64 / 1048576.0;
    }
}
