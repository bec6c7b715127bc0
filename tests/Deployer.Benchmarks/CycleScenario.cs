using System.Diagnostics;
using System.Text.Json.Nodes;
using Deployer.Bot.Scheduling;
using Deployer.Core.Decisions;
using Deployer.Core.Engine;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Deployer.Benchmarks;

/// <summary>
/// <c>cycle</c>: one cold cycle over N generated Heroku pipelines (10% with a new commit upstream: checks run against
/// every source, promotions go through), cycles until the world converges, then steady-state cycles where nothing
/// changed. All through the real adapters, over HTTP on loopback to the fakes (a child process by default).
/// </summary>
public static class CycleScenario
{
    /// <summary>
    /// Requests the sources may make once per cycle besides the platform: Alertmanager, GitHub tests and GitHub commits one
    /// each, PagerDuty one per <c>PagerDuty:MaxServicesPerRequest</c> service ids (its URL would outgrow what proxies
    /// accept otherwise: 10 requests for the 1,000 generated pipelines).
    /// </summary>
    private static int SourceRequests(Deployer.Core.Manifests.IManifestCatalog catalog, int servicesPerRequest)
    {
        var pagerDutyServices = catalog.All
            .SelectMany(m => m.Stages.Select(s => m.EffectiveChecks(s).Incidents).Append(m.Checks.Incidents))
            .Where(i => i is not null && (i.Source ?? "pagerduty") == "pagerduty")
            .SelectMany(i => i!.Services)
            .Distinct(StringComparer.Ordinal)
            .Count();
        return 3 + (int)Math.Ceiling(pagerDutyServices / (double)servicesPerRequest);
    }

    public static async Task<Report> RunAsync(BenchOptions options)
    {
        var pipelines = options.Int("pipelines", 1000);
        var latency = options.Int("latency-ms", 20);
        var diffEvery = options.Int("diff-every", 10);
        var steadyRuns = options.Int("steady-cycles", 3);
        var targets = ManifestGenerator.TargetCount(pipelines);
        var root = BotComposition.NewContentRoot("cycle", pipelines, "heroku");
        // Raw cycle speed: the sweep is not paced here (heroku-budget measures the pacing), so every cycle reads every pipeline.
        var overrides = new Dictionary<string, string?>(Unpaced.Settings(":"));
        if (options.Has("parallelism"))
        {
            overrides["Engine:MaxParallelism"] = options.String("parallelism");
        }

        await using var fake = await FakeProcess.StartAsync(Path.Combine(root, "manifests"), latency, diffEvery, options.Has("fakes-in-process"));
        await using var app = BotComposition.Build(root, fake.Url, overrides);
        var runner = app.Services.GetRequiredService<CycleRunner>();
        var parallelism = app.Services.GetRequiredService<IOptions<EngineOptions>>().Value.MaxParallelism;
        var catalog = app.Services.GetRequiredService<Deployer.Core.Manifests.IManifestCatalog>();
        if (catalog.All.Count != pipelines)
        {
            throw new InvalidOperationException($"{catalog.All.Count} of {pipelines} manifests loaded: {string.Join("; ", catalog.Errors.Take(3))}");
        }

        var report = new Report("cycle");
        var cold = await MeasureAsync(runner, fake);
        var converging = 0;
        for (; converging < 6; converging++)
        {
            var r = await runner.RunAsync(CancellationToken.None) ?? throw new InvalidOperationException("cycle failed");
            if (r.Changed == 0 && r.Decisions.All(d => d.Kind == DecisionKind.InSync))
            {
                break;
            }
        }

        var steady = new List<Measured>();
        for (var i = 0; i < steadyRuns; i++)
        {
            steady.Add(await MeasureAsync(runner, fake));
        }

        var median = steady.OrderBy(s => s.WallMs).ElementAt(steady.Count / 2);

        // The same reads without the engine: what the platform adapter (HTTP, resilience, JSON) allocates on its own.
        var registry = app.Services.GetRequiredService<Deployer.Core.Ports.IPlatformRegistry>();
        var before = GC.GetTotalAllocatedBytes(precise: true);
        var snapSw = Stopwatch.StartNew();
        await Parallel.ForEachAsync(catalog.All, new ParallelOptions { MaxDegreeOfParallelism = parallelism }, async (m, ct) =>
            await registry.For(m).GetSnapshotAsync(m, ct));
        var snapshotMs = snapSw.Elapsed.TotalMilliseconds;
        var snapshotAllocatedMb = (GC.GetTotalAllocatedBytes(precise: true) - before) / 1048576.0;
        var bound = median.Calls * (double)latency / parallelism;
        var coldBound = cold.Calls * (double)latency / parallelism;

        report.Add("pipelines", pipelines)
            .Add("targets", targets)
            .Add("latencyMs", latency)
            .Add("concurrency", parallelism, "Engine:MaxParallelism as configured (appsettings.json ships 8)")
            .Add("outsideCalls", median.Calls, "steady cycle, counted by the fakes")
            .Add("callsPerPipeline", median.Calls / (double)pipelines, $"one latest-releases call per pipeline; the old per-target reads cost {targets / (double)pipelines:0.##}")
            .Add("wallMs", median.WallMs, $"median of {steadyRuns} steady cycles: {string.Join(", ", steady.Select(s => $"{s.WallMs:0}"))}")
            .Add("boundMs", bound, "outsideCalls × latency ÷ concurrency")
            .Add("wallOverBound", median.WallMs / bound)
            .Add("allocatedMb", median.AllocatedMb, "managed allocations in the bot during one steady cycle")
            .Add("snapshotsOnlyMs", snapshotMs, "the same snapshot reads, without the engine")
            .Add("snapshotsOnlyAllocatedMb", snapshotAllocatedMb, "what the Heroku adapter allocates for them")
            .Add("steadyCalls", median.Breakdown)
            .Add("steadyDecisions", median.Decisions)
            .Add("coldOutsideCalls", cold.Calls)
            .Add("coldWallMs", cold.WallMs)
            .Add("coldBoundMs", coldBound)
            .Add("coldAllocatedMb", cold.AllocatedMb)
            .Add("coldCalls", cold.Breakdown)
            .Add("coldDecisions", cold.Decisions)
            .Add("coldMaxUrl", cold.MaxUrl, "longest request path+query per system, characters")
            .Add("convergingCycles", converging + 1)
            .Add("errors", median.Errors + cold.Errors);
        report.Target("wall ≤ 1.25 × bound", median.WallMs <= 1.25 * bound, $"{median.WallMs:0} ms vs {1.25 * bound:0} ms (bound {bound:0} ms)");
        var sources = SourceRequests(catalog, app.Services.GetRequiredService<IOptions<Deployer.Integrations.PagerDuty.PagerDutyOptions>>().Value.MaxServicesPerRequest);
        report.Target("steady calls ≤ pipelines + source requests", median.Calls <= pipelines + sources, $"{median.Calls} vs {pipelines} + {sources} ({targets} targets; PagerDuty's ids split per request)");
        report.Target("cold wall ≤ 1.25 × cold bound", cold.WallMs <= 1.25 * coldBound, $"{cold.WallMs:0} ms vs {1.25 * coldBound:0} ms (informational)");
        if (cold.MaxUrl.AsObject().Select(kv => (int)kv.Value!).DefaultIfEmpty(0).Max() > 8192)
        {
            report.Note("a cold-cycle request URL exceeded 8 KB (see coldMaxUrl): real APIs commonly refuse that with 414");
        }

        report.Note(Unpaced.Note);
        TryDelete(root);
        return report;
    }

    private static async Task<Measured> MeasureAsync(CycleRunner runner, FakeProcess fake)
    {
        await fake.ResetAsync();
        var allocated = GC.GetTotalAllocatedBytes(precise: true);
        var sw = Stopwatch.StartNew();
        var result = await runner.RunAsync(CancellationToken.None) ?? throw new InvalidOperationException("cycle failed");
        sw.Stop();
        var allocatedMb = (GC.GetTotalAllocatedBytes(precise: true) - allocated) / 1048576.0;
        var stats = await fake.StatsAsync();
        var counts = stats["counts"]!.AsObject();
        var calls = counts.Where(kv => !kv.Key.Contains(':', StringComparison.Ordinal) && kv.Key != "slack").Sum(kv => (long)kv.Value!);
        var decisions = new JsonObject();
        foreach (var g in result.Decisions.GroupBy(d => d.Kind).OrderBy(g => g.Key))
        {
            decisions[g.Key.ToString()] = g.Count();
        }

        return new Measured(sw.Elapsed.TotalMilliseconds, calls, allocatedMb, counts.DeepClone(), decisions, stats["maxUrl"]!.DeepClone(), result.Errors.Count);
    }

    internal static void TryDelete(string root)
    {
        try
        {
            Directory.Delete(root, recursive: true);
        }
        catch (IOException)
        {
            // A file still open; it is in /tmp.
        }
    }

    private sealed record Measured(double WallMs, long Calls, double AllocatedMb, JsonNode Breakdown, JsonObject Decisions, JsonNode MaxUrl, int Errors);
}
