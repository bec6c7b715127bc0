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
    public static Task<Report> RunAsync(BenchOptions options) =>
        options.Has("in-process") ? InProcessAsync(options) : ChildAsync(options);

    /// <summary>
    /// The built bot as a child process with the shipped configuration (its GC settings included), Heroku and the
    /// sources pointed at the fakes, <c>Engine:Interval</c> at its 50 ms minimum so cycles run back to back; its
    /// <c>/proc/&lt;pid&gt;/status</c> is read after each completed cycle (seen through <c>/healthz</c>).
    /// </summary>
    private static async Task<Report> ChildAsync(BenchOptions options)
    {
        var pipelines = options.Int("pipelines", 1000);
        var cycles = options.Int("cycles", 100);
        var latency = options.Int("latency-ms", 1);
        var root = BotComposition.NewContentRoot("memory", pipelines, "heroku");
        await using var fake = await FakeProcess.StartAsync(Path.Combine(root, "manifests"), latency, options.Int("diff-every", 10), inProcess: false);
        var env = new Dictionary<string, string?>
        {
            ["Heroku__ApiToken"] = "bench-token",
            ["Heroku__ApiBaseUrl"] = fake.Url + "/heroku",
            ["Alertmanager__Url"] = fake.Url + "/am",
            ["PagerDuty__ApiKey"] = "bench-key",
            ["PagerDuty__Url"] = fake.Url + "/pd",
            ["GitHub__Token"] = "bench-token",
            ["GitHub__ApiBaseUrl"] = fake.Url + "/gh",
            ["Engine__Interval"] = "00:00:00.050",
            ["Local__WorldFile"] = "",
            ["Local__Simulator__Enabled"] = "false",
            ["ChatOps__ReadConsole"] = "false",
        };
        foreach (var (k, v) in Unpaced.Settings("__"))
        {
            env[k] = v;
        }

        if (options.Has("parallelism"))
        {
            env["Engine__MaxParallelism"] = options.String("parallelism");
        }

        BotProcess.AddEnv(options, env);

        var port = BotProcess.FreePort();
        var started = Stopwatch.GetTimestamp();
        await using var bot = BotProcess.Start(BotProcess.FindDll(options), root, port, env);
        await BotProcess.WaitHealthyAsync(bot, port, started, TimeSpan.FromSeconds(60));
        var baseline = ProcStatus(bot.Id);
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        var samples = new List<Dictionary<string, long>>(cycles);
        var durations = new List<double>(cycles);
        var seen = 0L;
        var errors = 0;
        var total = Stopwatch.StartNew();
        var limit = TimeSpan.FromSeconds(options.Int("max-seconds", 170));
        while (samples.Count < cycles && total.Elapsed < limit)
        {
            if (bot.HasExited)
            {
                throw new InvalidOperationException("the bot exited:\n" + string.Join('\n', bot.Output.TakeLast(20)));
            }

            var health = System.Text.Json.Nodes.JsonNode.Parse(await client.GetStringAsync($"http://127.0.0.1:{port}/healthz"));
            var completed = (long?)health?["cycles"]?["completed"] ?? 0;
            if (completed > seen)
            {
                seen = completed;
                samples.Add(ProcStatus(bot.Id));
                durations.Add((double?)health?["cycles"]?["lastDurationMs"] ?? double.NaN);
                errors += health?["cycles"]?["lastErrors"]?.AsArray().Count ?? 0;
            }

            await Task.Delay(20);
        }

        var rss = samples.Select(s => s.GetValueOrDefault("VmRSS") / 1024.0).ToList();
        var from = Math.Min(9, rss.Count - 1);
        var steady = new Percentiles(rss.Skip(from));
        var early = rss.Skip(from).Take(5).Average();
        var late = rss.TakeLast(5).Average();
        var growth = (late - early) / early * 100;
        var last = samples[^1];
        var report = new Report("memory")
            .Add("process", "Deployer.Bot (child, shipped configuration)" + (options.String("env") is { } e ? " + " + e : ""))
            .Add("pipelines", pipelines)
            .Add("targets", ManifestGenerator.TargetCount(pipelines))
            .Add("cycles", rss.Count, $"of {cycles} asked, in {total.Elapsed.TotalSeconds:0} s")
            .Add("latencyMs", latency)
            .Add("baselineRssMb", baseline.GetValueOrDefault("VmRSS") / 1024.0, "healthy, before the first cycle completed")
            .Add("steadyRssMb", steady.P(50), $"median RSS after cycles {from + 1}–{rss.Count}")
            .Add("peakRssMb", rss.Max())
            .Add("growthPct", growth, $"mean of cycles {from + 1}–{from + 5} vs last 5")
            .Add("lastRssAnonMb", last.GetValueOrDefault("RssAnon") / 1024.0, "GC heap, native heap, stacks")
            .Add("lastRssFileMb", last.GetValueOrDefault("RssFile") / 1024.0, "mapped runtime and assemblies")
            .Add("lastRssShmemMb", last.GetValueOrDefault("RssShmem") / 1024.0, "JIT code double-mapped for W^X")
            .Add("cycleMsMedian", new Percentiles(durations.Skip(from)).P(50))
            .Add("errors", errors)
            .Add("rssSeries", string.Join(' ', rss.Select((r, i) => (r, i)).Where(x => x.i % 10 == 9 || x.i == 0).Select(x => $"{x.i + 1}:{x.r:0}")));
        report.Target("steady RSS ≤ 150 MB", steady.P(50) <= 150, $"{steady.P(50):0.0} MB (peak {rss.Max():0.0})");
        report.Target("growth cycle 10→100 ≤ 5%", growth <= 5, $"{growth:0.0}%");
        report.Note(Unpaced.Note);
        await bot.StopAsync(TimeSpan.FromSeconds(15));
        CycleScenario.TryDelete(root);
        return report;
    }

    private static async Task<Report> InProcessAsync(BenchOptions options)
    {
        var pipelines = options.Int("pipelines", 1000);
        var cycles = options.Int("cycles", 100);
        var latency = options.Int("latency-ms", 1);
        var root = BotComposition.NewContentRoot("memory", pipelines, "heroku");
        await using var fake = await FakeProcess.StartAsync(Path.Combine(root, "manifests"), latency, options.Int("diff-every", 10), options.Has("fakes-in-process"));
        var overrides = new Dictionary<string, string?>(Unpaced.Settings(":"));
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
        var live = new List<string>();
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
            if (options.Has("live") && (i + 1) % 10 == 0)
            {
                live.Add($"{i + 1}:{GC.GetTotalMemory(forceFullCollection: true) / 1048576.0:0.0}");
            }
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
        var gcInfo = GC.GetGCMemoryInfo(GCKind.Any);
        var status = ProcStatus();

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
            .Add("liveSeries", string.Join(' ', live), "with --live: live managed MB after a forced full GC every 10 cycles")
            .Add("rssAfterFullGcMb", rssAfterGc)
            .Add("gcCommittedMb", gcInfo.TotalCommittedBytes / 1048576.0, "after the full GC")
            .Add("rssAnonMb", status.GetValueOrDefault("RssAnon") / 1024.0, "/proc/self/status after the full GC: heap, JIT code, stacks, native")
            .Add("rssFileMb", status.GetValueOrDefault("RssFile") / 1024.0, "mapped files: the runtime and assemblies")
            .Add("cycleMsMedian", new Percentiles(wall.Skip(from)).P(50))
            .Add("totalSeconds", total.Elapsed.TotalSeconds)
            .Add("errors", errors)
            .Add("rssSeries", string.Join(' ', rss.Select((r, i) => (r, i)).Where(x => x.i % 10 == 9 || x.i == 0).Select(x => $"{x.i + 1}:{x.r:0}")));
        report.Target("steady RSS ≤ 150 MB", steady.P(50) <= 150, $"{steady.P(50):0.0} MB (peak {peak:0.0})");
        report.Target("growth cycle 10→100 ≤ 5%", growth <= 5, $"{growth:0.0}%");
        report.Note(Unpaced.Note);
        CycleScenario.TryDelete(root);
        return report;
    }

    private static Dictionary<string, long> ProcStatus(int? pid = null)
    {
        var result = new Dictionary<string, long>(StringComparer.Ordinal);
        var path = pid is { } p ? $"/proc/{p}/status" : "/proc/self/status";
        if (!File.Exists(path))
        {
            return result;
        }

        foreach (var line in File.ReadLines(path))
        {
            var parts = line.Split(':', 2);
            if (parts.Length == 2 && parts[1].Trim().Split(' ')[0] is var n && long.TryParse(n, out var kb))
            {
                result[parts[0]] = kb;
            }
        }

        return result;
    }

    private static double Rss(Process self)
    {
        self.Refresh();
        return self.WorkingSet64 / 1048576.0;
    }
}
