using System.Diagnostics;
using System.Globalization;
using Deployer.Bot.Scheduling;
using Deployer.Bot.Store.PostgreSql;
using Deployer.Bot.Tests.Support;
using Deployer.Core.Decisions;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Deployer.Benchmarks;

/// <summary>
/// <c>failover</c>: on a real PostgreSQL server (Debian's package, started like the tests' fixture), (1) the takeover
/// time after SIGKILL: two bot processes share the database, the node executing the cycle is killed N times (a fresh
/// node replaces it each time) and the time from the kill to the start of the next cycle on another node is measured,
/// with the shipped cluster timings unless overridden; (2) one promotion cycle over 1,000 generated Heroku pipelines
/// (fakes on loopback, as in <c>cycle</c>) with the LiteDB store and with the PostgreSQL store.
/// </summary>
public static class FailoverScenario
{
    public static async Task<Report> RunAsync(BenchOptions options)
    {
        await using var server = new PostgresProcess();
        await server.StartAsync();
        var report = new Report("failover");
        await TakeoverAsync(options, server, report);
        await CyclesAsync(options, server, report);
        return report;
    }

    private static async Task TakeoverAsync(BenchOptions options, PostgresProcess server, Report report)
    {
        var kills = options.Int("kills", 10);
        var interval = TimeSpan.FromSeconds(options.Double("interval-s", 10));
        var checkin = TimeSpan.FromSeconds(options.Double("checkin-s", 2));
        var threshold = TimeSpan.FromSeconds(options.Double("threshold-s", 15));
        var root = Path.Combine(Path.GetTempPath(), "deployer-bench", $"failover-{Guid.NewGuid():N}"[..24]);
        WriteSlowWorld(root, options.Int("pipelines", 20));
        var connectionString = await server.NewDatabaseAsync();
        await using var db = NpgsqlDataSource.Create(connectionString);
        var settings = new Dictionary<string, string>
        {
            ["Engine__Interval"] = interval.ToString("c", CultureInfo.InvariantCulture),
            ["Cluster__CheckinInterval"] = checkin.ToString("c", CultureInfo.InvariantCulture),
            ["Cluster__CheckinMisfireThreshold"] = threshold.ToString("c", CultureInfo.InvariantCulture),
        };
        var generation = 0;
        var dll = BotProcess.FindDll(options);
        var nodes = new List<(string Id, Process Process)> { Start(dll, $"node{++generation}", root, connectionString, settings), Start(dll, $"node{++generation}", root, connectionString, settings) };
        var takeovers = new List<double>();
        try
        {
            for (var k = 0; k < kills; k++)
            {
                var victim = await WaitForExecutingAsync(db, nodes);
                victim.Process.Kill();
                var killedAt = DateTimeOffset.UtcNow;
                await victim.Process.WaitForExitAsync();
                nodes.Remove(victim);
                victim.Process.Dispose();
                nodes.Add(Start(dll, $"node{++generation}", root, connectionString, settings));
                var started = await WaitForCycleStartedAfterAsync(db, victim.Id, killedAt);
                takeovers.Add((started - killedAt).TotalSeconds);
            }
        }
        finally
        {
            foreach (var (_, process) in nodes)
            {
                process.Kill();
                process.Dispose();
            }

            CycleScenario.TryDelete(root);
        }

        var sorted = takeovers.Order().ToList();
        var median = sorted[sorted.Count / 2];
        var bound = (interval + threshold + checkin).TotalSeconds;
        report.Add("kills", kills)
            .Add("engineIntervalS", interval.TotalSeconds)
            .Add("checkinIntervalS", checkin.TotalSeconds)
            .Add("checkinMisfireThresholdS", threshold.TotalSeconds)
            .Add("takeoverMedianS", Math.Round(median, 1), "SIGKILL of the node executing the cycle → the next cycle starts on another node")
            .Add("takeoverMaxS", Math.Round(sorted[^1], 1))
            .Add("takeoversS", string.Join(", ", takeovers.Select(t => t.ToString("F1", CultureInfo.InvariantCulture))));
        report.Target("takeover ≤ interval + check-in + threshold", sorted[^1] <= bound, $"max {sorted[^1]:F1} s vs {bound:F1} s");
    }

    private static async Task CyclesAsync(BenchOptions options, PostgresProcess server, Report report)
    {
        var pipelines = options.Int("cycle-pipelines", 1000);
        foreach (var provider in new[] { "LiteDb", "PostgreSql" })
        {
            var root = BotComposition.NewContentRoot("failover-cycle", pipelines, "heroku");
            await using var fake = await FakeProcess.StartAsync(Path.Combine(root, "manifests"), options.Int("latency-ms", 20), 10, inProcess: false);
            var overrides = new Dictionary<string, string?> { ["Store:Provider"] = provider };
            if (provider == "PostgreSql")
            {
                overrides["Store:ConnectionString"] = await server.NewDatabaseAsync();
            }

            await using var app = BotComposition.Build(root, fake.Url, overrides);
            if (provider == "PostgreSql")
            {
                await PostgreSqlSchema.MigrateAsync(app.Services.GetRequiredService<NpgsqlDataSource>(), null, default);
            }

            var runner = app.Services.GetRequiredService<CycleRunner>();
            var cold = Stopwatch.StartNew();
            _ = await runner.RunAsync(CancellationToken.None) ?? throw new InvalidOperationException("cycle failed");
            var coldMs = cold.Elapsed.TotalMilliseconds;
            for (var i = 0; i < 6; i++)
            {
                var r = await runner.RunAsync(CancellationToken.None) ?? throw new InvalidOperationException("cycle failed");
                if (r.Changed == 0 && r.Decisions.All(d => d.Kind == DecisionKind.InSync))
                {
                    break;
                }
            }

            var steady = new List<double>();
            for (var i = 0; i < 3; i++)
            {
                var sw = Stopwatch.StartNew();
                _ = await runner.RunAsync(CancellationToken.None) ?? throw new InvalidOperationException("cycle failed");
                steady.Add(sw.Elapsed.TotalMilliseconds);
            }

            var key = provider == "LiteDb" ? "liteDb" : "postgreSql";
            report.Add($"{key}CycleColdMs", Math.Round(coldMs), $"{pipelines} pipelines, first cycle (checks, promotions, every decision written)")
                .Add($"{key}CycleSteadyMs", Math.Round(steady.Order().ElementAt(1)), $"median of 3 steady cycles: {string.Join(", ", steady.Select(s => s.ToString("F0", CultureInfo.InvariantCulture)))}");
            CycleScenario.TryDelete(root);
        }
    }

    /// <summary>Command-platform pipelines whose reads take 0.3 s each, so a cycle lasts long enough to be caught running.</summary>
    private static void WriteSlowWorld(string root, int pipelines)
    {
        Directory.CreateDirectory(Path.Combine(root, "manifests"));
        const string release = """{"version": 1, "commit": "9f1c2ab4f00d9f1c2ab4f00d9f1c2ab4f00d9f1c", "branch": "main", "createdAt": "2026-01-01T00:00:00Z"}""";
        for (var i = 0; i < pipelines; i++)
        {
            File.WriteAllText(Path.Combine(root, "manifests", $"slow{i:D3}.json"), $$"""
                {
                  "service": "slow{{i:D3}}",
                  "platform": { "kind": "command", "current": "sleep 0.3; echo '{{release}}'", "promote": "true" },
                  "stages": [ { "name": "staging", "targets": ["slow{{i:D3}}-staging"] }, { "name": "production", "targets": ["slow{{i:D3}}-production"] } ]
                }
                """);
        }
    }

    private static (string Id, Process Process) Start(string dll, string id, string root, string connectionString, Dictionary<string, string> settings)
    {
        var start = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = root };
        start.ArgumentList.Add(dll);
        start.Environment["DEPLOYER_ROOT"] = root;
        start.Environment["Urls"] = "http://127.0.0.1:0";
        start.Environment["Store__Provider"] = "PostgreSql";
        start.Environment["Store__ConnectionString"] = connectionString;
        start.Environment["Store__NodeId"] = id;
        start.Environment["Manifests__Path"] = "manifests";
        start.Environment["Local__WorldFile"] = "";
        start.Environment["Local__Simulator__Enabled"] = "false";
        start.Environment["ChatOps__ReadConsole"] = "false";
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        start.Environment["DOTNET_GCgen0size"] = "0x400000";
        foreach (var (key, value) in settings)
        {
            start.Environment[key] = value;
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("cannot start the bot");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return (id, process);
    }

    private static async Task<(string Id, Process Process)> WaitForExecutingAsync(NpgsqlDataSource db, List<(string Id, Process Process)> nodes)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromMinutes(3))
        {
            await using var command = db.CreateCommand("SELECT instance_name FROM qrtz_fired_triggers WHERE job_name = 'promotion-cycle' AND state = 'EXECUTING'");
            if (await command.ExecuteScalarAsync() is string running && nodes.FirstOrDefault(n => n.Id == running) is { Process: not null } victim)
            {
                return victim;
            }

            await Task.Delay(10);
        }

        throw new TimeoutException("no node executed the cycle within 3 minutes");
    }

    private static async Task<DateTimeOffset> WaitForCycleStartedAfterAsync(NpgsqlDataSource db, string victim, DateTimeOffset killedAt)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromMinutes(3))
        {
            await using var command = db.CreateCommand("SELECT node, started_at FROM deployer_cycle_runs WHERE id = 1");
            await using var reader = await command.ExecuteReaderAsync();
            if (await reader.ReadAsync() && reader.GetString(0) != victim && reader.GetFieldValue<DateTimeOffset>(1) > killedAt)
            {
                return reader.GetFieldValue<DateTimeOffset>(1);
            }

            await Task.Delay(25);
        }

        throw new TimeoutException($"no cycle started on another node within 3 minutes of killing {victim}");
    }
}
