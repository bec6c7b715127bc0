using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using Deployer.Core.Manifests;
using Deployer.Integrations.ManifestFiles;

namespace Deployer.Benchmarks;

/// <summary>
/// <c>heroku-budget</c>: the built bot as a child process (real HTTP host, Quartz cycle every <c>Engine:Interval</c>,
/// the shipped Heroku pacing) on N pipelines <c>staging</c> (1 app) → <c>production</c> (2 shards), against a fake
/// Heroku in this process that enforces the account's token bucket (starting low, refilled 75 a minute, 429 when
/// empty, <c>RateLimit-Remaining</c> on every answer). New builds land on random pipelines at random times (seeded);
/// a share of the pipelines has app webhooks, whose deliveries the fake POSTs, signed, to the bot (for the landing
/// build and for the releases the promotion makes, as Heroku does); the others are silent and wait for the sweep.
/// Measures per-release promotion lag, calls a minute and 429s.
/// </summary>
public static class HerokuBudgetScenario
{
    private const string Secret = "bench-webhook-secret";
    private const int Capacity = 4500;

    public static async Task<Report> RunAsync(BenchOptions options)
    {
        var pipelines = options.Int("pipelines", 100);
        var landMinutes = options.Double("minutes", 3.5);
        var drainMinutes = options.Double("drain-minutes", 3);
        var share = options.Double("webhook-share", 0.5);
        var perMinute = options.Double("releases-per-minute", 5);
        var interval = options.String("interval", "00:00:10")!;
        var startBudget = options.Int("start-budget", 300);
        var refill = options.Double("refill-per-minute", 75);
        var promotionMs = options.Int("promotion-ms", 2000);
        var warmupSeconds = options.Double("warmup-seconds", 30);
        var rng = new Random(options.Int("seed", 11));

        var root = BotComposition.NewContentRoot("budget", pipelines, "heroku", budget: true);
        var manifests = ManifestLoader.LoadDirectory(Path.Combine(root, "manifests")).Manifests;
        await using var fake = new FakeOutside(options.Int("latency-ms", 30), TimeProvider.System.GetUtcNow());
        fake.LoadWorld(manifests, diffEvery: 0);
        var bucket = new FakeTokenBucket(Capacity, refill, startBudget);
        fake.Heroku.Bucket = bucket;
        fake.Heroku.PromotionDelay = TimeSpan.FromMilliseconds(promotionMs);
        await fake.StartAsync();

        var all = fake.Heroku.Pipelines.OrderBy(p => p.Index).ToList();
        var subscribed = all.Where(_ => rng.NextDouble() < share).Select(p => p.Id).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var port = BotProcess.FreePort();
        await using var sender = new WebhookSender($"http://127.0.0.1:{port}/heroku/webhooks", Secret);
        var tracker = new ReleaseLagTracker();
        fake.Heroku.Released += (pipeline, _, json, fromPromotion) =>
        {
            if (subscribed.Contains(pipeline.Id))
            {
                sender.Enqueue(json);
            }

            if (fromPromotion)
            {
                tracker.Promoted(pipeline);
            }
        };

        var env = new Dictionary<string, string?>
        {
            ["Heroku__ApiToken"] = "bench-token",
            ["Heroku__ApiBaseUrl"] = fake.Url + "/heroku",
            ["Heroku__WebhookSecret"] = Secret,
            ["Alertmanager__Url"] = fake.Url + "/am",
            ["PagerDuty__ApiKey"] = "bench-key",
            ["PagerDuty__Url"] = fake.Url + "/pd",
            ["GitHub__Token"] = "bench-token",
            ["GitHub__ApiBaseUrl"] = fake.Url + "/gh",
            ["Engine__Interval"] = interval,
            ["Local__WorldFile"] = "",
            ["Local__Simulator__Enabled"] = "false",
            ["ChatOps__ReadConsole"] = "false",
            ["Logging__LogLevel__Default"] = "Warning",
        };
        BotProcess.AddEnv(options, env);
        var started = Stopwatch.GetTimestamp();
        await using var bot = BotProcess.Start(BotProcess.FindDll(options), root, port, env);
        await BotProcess.WaitHealthyAsync(bot, port, started, TimeSpan.FromSeconds(60));

        // Warm-up: no builds land for the first seconds; after it, builds land only on pipelines the bot has read once,
        // so the lag is that of a running bot, not of its cold sweep (measured apart).
        var sinceHealthy = Stopwatch.StartNew();
        await Task.Delay(TimeSpan.FromSeconds(warmupSeconds));
        double? coldSweep = null;
        var callsAtWarmup = HerokuCalls(fake);
        var limitedAtWarmup = fake.Heroku.RateLimited;

        // Landing: a Poisson stream of builds on random pipelines, each pipeline one release in flight at a time.
        var minutes = new List<long>();
        var run = Stopwatch.StartNew();
        var nextMinute = 60.0;
        var lastCalls = callsAtWarmup;
        var generations = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        var nextLanding = Exponential(rng, perMinute);
        while (run.Elapsed.TotalMinutes < landMinutes + drainMinutes)
        {
            if (run.Elapsed.TotalMinutes >= landMinutes && tracker.Pending == 0)
            {
                break;
            }

            if (bot.HasExited)
            {
                throw new InvalidOperationException("the bot exited:\n" + string.Join('\n', bot.Output.TakeLast(20)));
            }

            if (coldSweep is null && fake.Heroku.PipelinesRead >= pipelines)
            {
                coldSweep = sinceHealthy.Elapsed.TotalSeconds;
            }

            if (run.Elapsed.TotalSeconds >= nextMinute)
            {
                var calls = HerokuCalls(fake);
                minutes.Add(calls - lastCalls);
                lastCalls = calls;
                nextMinute += 60;
            }

            if (run.Elapsed.TotalMinutes < landMinutes && run.Elapsed.TotalSeconds >= nextLanding)
            {
                nextLanding += Exponential(rng, perMinute);
                var free = all.Where(p => !tracker.IsPending(p) && fake.Heroku.WasRead(p)).ToList();
                if (free.Count > 0)
                {
                    var pipeline = free[rng.Next(free.Count)];
                    var generation = generations[pipeline.Id] = generations.GetValueOrDefault(pipeline.Id) + 1;
                    tracker.Land(pipeline, ManifestGenerator.DeterministicGuid($"slug:{pipeline.Name}:{generation}").ToString(), subscribed.Contains(pipeline.Id));
                    fake.Heroku.Land(pipeline, generation, TimeProvider.System.GetUtcNow());
                }
            }

            await Task.Delay(50);
        }

        var measuredMinutes = run.Elapsed.TotalMinutes;
        var totalCalls = HerokuCalls(fake) - callsAtWarmup;
        var metrics = await ScrapeAsync(port);
        await bot.StopAsync(TimeSpan.FromSeconds(15));
        var (hooked, hookedCount, hookedOpen) = tracker.Summary(webhook: true);
        var (silent, silentCount, silentOpen) = tracker.Summary(webhook: false);
        var stats = fake.Stats()["counts"]!.AsObject();
        var heroku = new JsonObject();
        foreach (var (k, v) in stats.Where(kv => kv.Key.StartsWith("heroku:", StringComparison.Ordinal)))
        {
            heroku[k["heroku:".Length..]] = v!.DeepClone();
        }

        var limited = fake.Heroku.RateLimited;
        var report = new Report("heroku-budget")
            .Add("pipelines", pipelines, "staging (1 app) → production (2 shards)")
            .Add("targets", pipelines * 3)
            .Add("webhookPipelines", subscribed.Count, $"share {share:0.##}; the others are silent")
            .Add("engineInterval", interval)
            .Add("bucket", $"starts at {startBudget}, refills {refill:0}/min, holds {Capacity}", "429 when empty")
            .Add("promotionSeconds", promotionMs / 1000.0, "how long a pipeline promotion stays pending at the fake")
            .Add("coldSweepSeconds", coldSweep, coldSweep is null ? $"not done: {fake.Heroku.PipelinesRead} of {pipelines} pipelines read by the end" : "from healthy until every pipeline was read once")
            .Add("warmupCalls", callsAtWarmup, $"in the first {warmupSeconds:0} s (start-up, cold sweep), when no build lands; 429s in it: {limitedAtWarmup}")
            .Add("releasesPerMinute", perMinute, "builds landing, Poisson, seeded")
            .Add("landed", tracker.Landed, $"over {landMinutes:0.#} min on pipelines read at least once, then up to {drainMinutes:0.#} min for the last to go through")
            .Add("webhookReleases", hookedCount, $"{hookedOpen} not promoted by the end")
            .Add("webhookLagP50S", hooked.P(50))
            .Add("webhookLagP95S", hooked.P(95))
            .Add("webhookLagMaxS", hooked.Max)
            .Add("silentReleases", silentCount, $"{silentOpen} not promoted by the end")
            .Add("silentLagP50S", silent.P(50))
            .Add("silentLagP95S", silent.P(95))
            .Add("silentLagMaxS", silent.Max)
            .Add("callsPerMinute", totalCalls / measuredMinutes, $"Heroku calls after the warm-up, {measuredMinutes:0.0} min; per minute: {string.Join(", ", minutes)}")
            .Add("herokuCalls", heroku, "all calls, start-up included, by route")
            .Add("rateLimited", limited, "429s answered to the bot, start-up included")
            .Add("budgetLowest", bucket.Lowest, $"lowest remaining; now {bucket.Remaining:0}")
            .Add("webhooks", sender.Sent, $"deliveries accepted; {sender.Failed} refused or failed")
            .Add("botMetrics", metrics)
            .Add("sweepBoundMinutes", pipelines / (refill - 15), "N ÷ (refill − 15 reserved) calls a minute: how often each pipeline can be read");
        report.Target("webhook p95 lag ≤ 15 s", hooked.P(95) <= 15, $"{hooked.P(95):0.0} s ({hookedCount} releases)");
        report.Target("silent lag ≤ 3 min", silent.Max <= 180, $"max {silent.Max:0} s, p95 {silent.P(95):0} s ({silentCount} releases)");
        report.Target("zero 429s", limited == 0, $"{limited}");
        report.Note("lag: from the build landing on staging to the last production shard running its slug, as the fake sees it; no check waits (no release age, no test runtime), so the lag is reading, deciding and promoting; a release not through by the end counts with its age then (a lower bound)");
        CycleScenario.TryDelete(root);
        return report;
    }

    private static double Exponential(Random rng, double perMinute) => -Math.Log(1 - rng.NextDouble()) * 60 / perMinute;

    private static long HerokuCalls(FakeOutside fake) =>
        fake.Stats()["counts"]!.AsObject().TryGetPropertyValue("heroku", out var n) && n is not null ? (long)n : 0;

    /// <summary>The bot's own view at the end: budget estimate, sweep, dirty evaluations, promotions.</summary>
    private static async Task<string> ScrapeAsync(int port)
    {
        try
        {
            using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
            var text = await client.GetStringAsync($"http://127.0.0.1:{port}/metrics");
            return string.Join("; ", text.Split('\n')
                .Where(l => !l.StartsWith('#') && (l.StartsWith("deployer_heroku_budget", StringComparison.Ordinal) || l.StartsWith("deployer_sweep", StringComparison.Ordinal)
                    || l.StartsWith("deployer_dirty_evaluations", StringComparison.Ordinal) || l.StartsWith("deployer_promotions", StringComparison.Ordinal)
                    || l.StartsWith("deployer_snapshot_oldest", StringComparison.Ordinal)))
                .Select(l => l.Trim()));
        }
        catch (HttpRequestException ex)
        {
            return "unavailable: " + ex.Message;
        }
    }
}
