using System.Diagnostics;
using System.Globalization;
using Deployer.Bot.ChatOps.Rendering;
using Deployer.Bot.Store;
using Deployer.Core.Audit;
using LiteDB;

namespace Deployer.Benchmarks;

/// <summary>
/// <c>audit</c>: a LiteDB file with N audit entries (default 1,000,000 over 1,000 services), then <c>history &lt;service&gt; 20</c>
/// (query + Block Kit reply) for random services, and appends through <see cref="LiteDbAuditLog.AppendAsync"/>.
/// The file is filled with LiteDB bulk inserts of the same documents the log writes (appending a million one by one
/// would measure appends, which are measured separately).
/// </summary>
public static class AuditScenario
{
    public static async Task<Report> RunAsync(BenchOptions options)
    {
        var entries = options.Int("entries", 1_000_000);
        var services = options.Int("services", 1000);
        var queries = options.Int("queries", 2000);
        var appendSeconds = options.Double("append-seconds", 5);
        var folder = Path.Combine(Path.GetTempPath(), "deployer-bench");
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, $"audit-{entries}-{services}.db");
        var reuse = options.Has("reuse") && File.Exists(path);
        if (!reuse)
        {
            DeleteDb(path);
        }

        var report = new Report("audit");
        var fillMs = 0.0;
        if (!reuse)
        {
            var sw = Stopwatch.StartNew();
            using (var db = DeployerDatabase.Open(path))
            {
                _ = new LiteDbAuditLog(db); // creates the collection and its Key index, as the bot does
                Fill(db, entries, services);
                db.Checkpoint();
            }

            fillMs = sw.Elapsed.TotalMilliseconds;
        }

        using var database = DeployerDatabase.Open(path);
        var openSw = Stopwatch.StartNew();
        var log = new LiteDbAuditLog(database);
        var openMs = openSw.Elapsed.TotalMilliseconds;
        var random = new Random(7);

        var firstSw = Stopwatch.StartNew();
        var first = await log.QueryAsync(Service(random.Next(services)), 20, CancellationToken.None);
        var firstMs = firstSw.Elapsed.TotalMilliseconds;
        if (first.Count != Math.Min(20, entries / services))
        {
            throw new InvalidOperationException($"history returned {first.Count} entries");
        }

        for (var i = 0; i < 100; i++)
        {
            await log.QueryAsync(Service(random.Next(services)), 20, CancellationToken.None);
        }

        var history = new List<double>(queries);
        var queryOnly = new List<double>(queries);
        for (var i = 0; i < queries; i++)
        {
            var service = Service(random.Next(services));
            var start = Stopwatch.GetTimestamp();
            var found = await log.QueryAsync(service, 20, CancellationToken.None);
            var queried = Stopwatch.GetTimestamp();
            _ = Replies.History(service, found);
            var end = Stopwatch.GetTimestamp();
            queryOnly.Add(Stopwatch.GetElapsedTime(start, queried).TotalMilliseconds);
            history.Add(Stopwatch.GetElapsedTime(start, end).TotalMilliseconds);
        }

        var all = new List<double>(200);
        for (var i = 0; i < 200; i++)
        {
            var start = Stopwatch.GetTimestamp();
            await log.QueryAsync(null, 20, CancellationToken.None);
            all.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
        }

        // Appends: one writer (the engine serializes them under a lock anyway), for a fixed time.
        var appended = 0;
        var appendLatency = new List<double>();
        var appendSw = Stopwatch.StartNew();
        var deadline = TimeSpan.FromSeconds(appendSeconds);
        while (appendSw.Elapsed < deadline && appended < 1_000_000)
        {
            var start = Stopwatch.GetTimestamp();
            await log.AppendAsync(Entry(Service(appended % services), appended), CancellationToken.None);
            appendLatency.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
            appended++;
        }

        var appendRate = appended / appendSw.Elapsed.TotalSeconds;

        // Appends from 8 concurrent callers (cycle workers and commands at once).
        var concurrent = 0;
        var concurrentSw = Stopwatch.StartNew();
        var concurrentDeadline = TimeSpan.FromSeconds(Math.Max(1, appendSeconds / 2));
        await Task.WhenAll(Enumerable.Range(0, 8).Select(w => Task.Run(async () =>
        {
            while (concurrentSw.Elapsed < concurrentDeadline)
            {
                var n = Interlocked.Increment(ref concurrent);
                await log.AppendAsync(Entry(Service(n % services), n), CancellationToken.None);
            }
        })));
        var concurrentRate = concurrent / concurrentSw.Elapsed.TotalSeconds;

        var h = new Percentiles(history);
        var q = new Percentiles(queryOnly);
        var a = new Percentiles(all);
        var al = new Percentiles(appendLatency);
        report.Add("entries", entries)
            .Add("services", services)
            .Add("fileMb", new FileInfo(path).Length / 1048576.0)
            .Add("fillMs", fillMs, reuse ? "reused file" : "bulk insert")
            .Add("openMs", openMs, "LiteDbAuditLog constructor on the full file")
            .Add("firstHistoryMs", firstMs)
            .Add("historyMs", h.P(50), $"p50 of {queries} `history <service> 20`, query + reply")
            .Add("historyP99Ms", h.P(99))
            .Add("historyMaxMs", h.Max)
            .Add("historyQueryP50Ms", q.P(50))
            .Add("historyQueryP99Ms", q.P(99))
            .Add("allServicesP50Ms", a.P(50), "newest 20 of all services")
            .Add("allServicesP99Ms", a.P(99))
            .Add("appendsPerSec", appendRate, $"{appended} appends, one writer")
            .Add("appendP50Ms", al.P(50))
            .Add("appendP99Ms", al.P(99))
            .Add("appendMaxMs", al.Max)
            .Add("concurrentAppendsPerSec", concurrentRate, "8 writers");
        report.Target("history ≤ 10 ms", h.P(99) <= 10, $"p99 {h.P(99):0.00} ms, p50 {h.P(50):0.00} ms");
        report.Target("appends ≥ 5,000/s", appendRate >= 5000, $"{appendRate:0}/s");
        if (!options.Has("keep"))
        {
            database.Dispose();
            if (!options.Has("reuse"))
            {
                DeleteDb(path);
            }
        }

        return report;
    }

    private static string Service(int i) => ManifestGenerator.Service(i);

    private static AuditEntry Entry(string service, int n) => new()
    {
        At = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero).AddSeconds(n),
        Service = service,
        Kind = AuditKind.Decision,
        Actor = "engine",
        Pair = "staging→production",
        Commit = "abc1234",
        Summary = $"{service} staging→production: blocked by release age (12m of 30m), alerts ok, tests passed",
    };

    private static void Fill(LiteDatabase db, int entries, int services)
    {
        var collection = db.GetCollection<AuditDocument>(LiteDbAuditLog.CollectionName);
        const int batch = 20_000;
        var kinds = Enum.GetNames<AuditKind>();
        var at = new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero).UtcTicks;
        for (var start = 1; start <= entries; start += batch)
        {
            var docs = new List<AuditDocument>(batch);
            for (var id = start; id < start + batch && id <= entries; id++)
            {
                var service = Service(id % services);
                docs.Add(new AuditDocument
                {
                    Id = id,
                    Key = $"{service}|{((long)id).ToString("D19", CultureInfo.InvariantCulture)}",
                    Service = service,
                    AtTicks = at + (id * TimeSpan.TicksPerSecond),
                    Kind = kinds[id % 3 == 0 ? 0 : id % kinds.Length],
                    Actor = id % 3 == 0 ? "engine" : "U0" + (id % 50).ToString(CultureInfo.InvariantCulture),
                    Summary = $"{service} staging→production: blocked by release age (12m of 30m), alerts ok, tests passed #{id}",
                    Pair = "staging→production",
                    Commit = "abc1234",
                    Data = id % 10 == 0 ? new Dictionary<string, string> { ["request"] = "F" + id.ToString(CultureInfo.InvariantCulture) } : [],
                });
            }

            collection.InsertBulk(docs, batch);
        }
    }

    private static void DeleteDb(string path)
    {
        File.Delete(path);
        File.Delete(Path.ChangeExtension(path, null) + "-log.db");
    }
}
