using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Deployer.Slack.Signing;

namespace Deployer.Benchmarks;

/// <summary>
/// <c>commands</c>: the built bot as a child process in Slack Http mode (1,000 local pipelines, a cycle every second,
/// the Slack Web API faked in a second child process), and signed <c>status &lt;service&gt;</c> slash commands sent from
/// this process over 32 connections for a fixed time. Every answer must be a 200 whose reply names the service.
/// </summary>
public static class CommandsScenario
{
    private const string Secret = "bench-signing-secret";

    public static async Task<Report> RunAsync(BenchOptions options)
    {
        var pipelines = options.Int("pipelines", 1000);
        var seconds = options.Double("seconds", 20);
        var warmup = options.Double("warmup-seconds", 3);
        var connections = options.Int("connections", 32);
        var maxRequests = options.Int("max-requests", 5_000_000);
        var interval = options.String("cycle-interval");
        var dll = BotProcess.FindDll(options);
        var root = BotComposition.NewContentRoot("commands", pipelines, "local");
        await using var fake = await FakeProcess.StartAsync(Path.Combine(root, "manifests"), options.Int("latency-ms", 20), 0, inProcess: false);
        var port = BotProcess.FreePort();
        var started = Stopwatch.GetTimestamp();
        var env = new Dictionary<string, string?>
        {
            ["Slack__Mode"] = "Http",
            ["Slack__SigningSecret"] = Secret,
            ["Slack__BotToken"] = "xoxb-bench",
            ["Slack__ApiBaseUrl"] = fake.Url + "/slack/api/",
            ["Local__WorldFile"] = "",
        };
        if (interval is not null)
        {
            env["Engine__Interval"] = interval;
        }

        BotProcess.AddEnv(options, env);
        await using var bot = BotProcess.Start(dll, root, port, env);
        await BotProcess.WaitHealthyAsync(bot, port, started, TimeSpan.FromSeconds(60));
        var baseUrl = $"http://127.0.0.1:{port}";
        await WaitForCyclesAsync(baseUrl, 1, TimeSpan.FromSeconds(60));

        // The first cycle announces every pipeline (1,500 Slack messages through the outbox) and tiered JIT is busy;
        // measure the bot as it runs day to day, not its first seconds.
        await Task.Delay(TimeSpan.FromSeconds(options.Double("settle-seconds", 12)));
        var cyclesBefore = await CyclesAsync(baseUrl);

        using var handler = new SocketsHttpHandler
        {
            UseProxy = false,
            MaxConnectionsPerServer = connections,
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5),
            AutomaticDecompression = DecompressionMethods.None,
            UseCookies = false,
        };
        using var client = new HttpClient(handler) { BaseAddress = new Uri(baseUrl), Timeout = TimeSpan.FromSeconds(10) };
        var responseUrl = Uri.EscapeDataString(fake.Url + "/slack/response");
        var bodies = Enumerable.Range(0, pipelines).Select(i => Encoding.UTF8.GetBytes(
            $"token=bench&team_id=T0BENCH01&team_domain=acme&channel_id=C0BENCH01&channel_name=deploys&user_id=U0BENCH{i % 50:D2}&user_name=bench"
            + $"&command=%2Fdeployer&text=status+{ManifestGenerator.Service(i)}&api_app_id=A0BENCH01&is_enterprise_install=false"
            + $"&response_url={responseUrl}&trigger_id=1.2.{i}")).ToArray();
        var signer = new SlackRequestSigner(Secret);

        // Warm-up (not measured): connections open, JIT and tiering settle.
        await LoadAsync(client, bodies, signer, connections, TimeSpan.FromSeconds(warmup), maxRequests, record: false);

        // What the cycles alone cost the server, to tell it apart from the requests' cost.
        var idleCpu = CpuTime(bot);
        var idleSw = Stopwatch.StartNew();
        await Task.Delay(TimeSpan.FromSeconds(options.Double("idle-seconds", 3)));
        var idleCpuPct = (CpuTime(bot) - idleCpu).TotalSeconds / idleSw.Elapsed.TotalSeconds * 100;

        ChildProcess? trace = null;
        if (options.String("trace") is { } tracePath)
        {
            trace = ChildProcess.Start(options.String("dotnet-trace", "/tmp/tools/dotnet-trace")!,
                ["collect", "-p", bot.Id.ToString(CultureInfo.InvariantCulture), "--profile", options.String("trace-profile", "dotnet-sampled-thread-time")!, "-o", tracePath,
                 "--duration", TimeSpan.FromSeconds(Math.Max(1, seconds - 2)).ToString("c", CultureInfo.InvariantCulture)]);
            await Task.Delay(1000);
        }

        var serverCpu = CpuTime(bot);
        var clientCpu = Process.GetCurrentProcess().TotalProcessorTime;
        var machine = new MachineCpu();
        var run = await LoadAsync(client, bodies, signer, connections, TimeSpan.FromSeconds(seconds), maxRequests, record: true);
        var serverCpuUsed = CpuTime(bot) - serverCpu;
        var clientCpuUsed = Process.GetCurrentProcess().TotalProcessorTime - clientCpu;
        var machinePct = machine.BusyPctOfOneCore();
        var serverRss = bot.RssBytes() / 1048576.0;
        if (trace is not null)
        {
            await trace.Process.WaitForExitAsync();
            await trace.DisposeAsync();
        }

        var health = await HealthAsync(baseUrl);
        var cyclesAfter = await CyclesAsync(baseUrl);

        var p = new Percentiles(run.Latencies);
        var rate = run.Count / run.Elapsed.TotalSeconds;
        var report = new Report("commands")
            .Add("connections", connections)
            .Add("seconds", run.Elapsed.TotalSeconds)
            .Add("requests", run.Count)
            .Add("requestsPerSec", rate)
            .Add("p50Ms", p.P(50))
            .Add("p90Ms", p.P(90))
            .Add("p99Ms", p.P(99))
            .Add("maxMs", p.Max)
            .Add("errors", run.Errors, run.FirstError)
            .Add("cyclesDuringRun", cyclesAfter - cyclesBefore, $"Engine:Interval {interval ?? "as shipped"}, {pipelines} local pipelines")
            .Add("botEnv", options.String("env"))
            .Add("lastCycleMs", (double?)health?["cycles"]?["lastDurationMs"])
            .Add("serverIdleCpuPct", idleCpuPct, "cycles only, no requests; % of one core")
            .Add("serverCpuPct", serverCpuUsed.TotalSeconds / run.Elapsed.TotalSeconds * 100, $"of one core; {Environment.ProcessorCount} cores")
            .Add("clientCpuPct", clientCpuUsed.TotalSeconds / run.Elapsed.TotalSeconds * 100)
            .Add("machineCpuPct", machinePct, $"all processes and the kernel; {Environment.ProcessorCount * 100} = every core busy")
            .Add("loadAverage", MachineCpu.LoadAverage())
            .Add("serverCpuUsPerRequest", serverCpuUsed.TotalMilliseconds * 1000 / Math.Max(1, run.Count))
            .Add("serverCpuUsPerRequestNet", (serverCpuUsed.TotalMilliseconds - (idleCpuPct / 100 * run.Elapsed.TotalMilliseconds)) * 1000 / Math.Max(1, run.Count), "minus the idle (cycle) CPU")
            .Add("serverRssMb", serverRss);
        report.Target("≥ 15,000 requests/s", rate >= 15000, $"{rate:0}/s");
        report.Target("p99 ≤ 10 ms", p.P(99) <= 10, $"{p.P(99):0.00} ms");
        report.Target("0 errors", run.Errors == 0, $"{run.Errors}");
        if (run.Errors > 0)
        {
            Console.WriteLine("bot output (last 40 lines):\n" + string.Join('\n', bot.Output.TakeLast(40)));
        }

        await bot.StopAsync(TimeSpan.FromSeconds(15));
        CycleScenario.TryDelete(root);
        return report;
    }

    private static TimeSpan CpuTime(ChildProcess process)
    {
        process.Process.Refresh();
        return process.Process.TotalProcessorTime;
    }

    private static async Task<long> CyclesAsync(string baseUrl) => (long?)(await HealthAsync(baseUrl))?["cycles"]?["completed"] ?? 0;

    private static async Task<JsonNode?> HealthAsync(string baseUrl)
    {
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        using var response = await client.GetAsync(baseUrl + "/healthz");
        return JsonNode.Parse(await response.Content.ReadAsStringAsync());
    }

    private static async Task<long> WaitForCyclesAsync(string baseUrl, long atLeast, TimeSpan timeout)
    {
        var sw = Stopwatch.StartNew();
        while (true)
        {
            var n = await CyclesAsync(baseUrl);
            if (n >= atLeast || sw.Elapsed > timeout)
            {
                return n;
            }

            await Task.Delay(100);
        }
    }

    private static async Task<LoadResult> LoadAsync(
        HttpClient client, byte[][] bodies, SlackRequestSigner signer, int workers, TimeSpan duration, int maxRequests, bool record)
    {
        var sw = Stopwatch.StartNew();
        var count = 0;
        var errors = 0;
        string? firstError = null;
        var latencies = new List<double>[workers];
        long sequence = 0;
        var tasks = Enumerable.Range(0, workers).Select(w => Task.Run(async () =>
        {
            var mine = latencies[w] = new List<double>(record ? 400_000 / workers * (int)Math.Max(1, duration.TotalSeconds) : 0);
            var i = w;
            while (sw.Elapsed < duration && Interlocked.Increment(ref count) <= maxRequests)
            {
                var index = i % bodies.Length;
                i += workers;
                // Every request is unique, as Slack's are: the bot refuses a signature it has already accepted (replay), so
                // the trigger_id (the body's last field) gets this request's number and each request is signed afresh.
                var body = Unique(bodies[index], Interlocked.Increment(ref sequence));
                var now = TimeProvider.System.GetUtcNow().ToUnixTimeSeconds();
                var signature = signer.Sign(now, body);
                using var request = new HttpRequestMessage(HttpMethod.Post, "/slack/commands")
                {
                    Content = new ByteArrayContent(body) { Headers = { ContentType = new MediaTypeHeaderValue("application/x-www-form-urlencoded") } },
                };
                request.Headers.TryAddWithoutValidation("X-Slack-Request-Timestamp", now.ToString(CultureInfo.InvariantCulture));
                request.Headers.TryAddWithoutValidation("X-Slack-Signature", signature);
                var start = Stopwatch.GetTimestamp();
                string? error = null;
                try
                {
                    using var response = await client.SendAsync(request, HttpCompletionOption.ResponseContentRead);
                    var text = await response.Content.ReadAsStringAsync();
                    if (response.StatusCode != HttpStatusCode.OK)
                    {
                        error = $"HTTP {(int)response.StatusCode}: {text[..Math.Min(300, text.Length)]}";
                    }
                    else if (!text.Contains(ManifestGenerator.Service(index), StringComparison.Ordinal))
                    {
                        error = "reply does not name the service: " + text[..Math.Min(200, text.Length)];
                    }
                }
                catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
                {
                    error = ex.GetType().Name + ": " + ex.Message;
                }

                if (record)
                {
                    mine.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
                }

                if (error is not null)
                {
                    Interlocked.Increment(ref errors);
                    Interlocked.CompareExchange(ref firstError, error, null);
                }
            }
        })).ToArray();
        await Task.WhenAll(tasks);
        var elapsed = sw.Elapsed;
        var all = latencies.SelectMany(l => l).ToList();
        return new LoadResult(all.Count, elapsed, all, errors, firstError);
    }

    private sealed record LoadResult(int Count, TimeSpan Elapsed, List<double> Latencies, int Errors, string? FirstError);

    private static byte[] Unique(byte[] body, long number)
    {
        var suffix = Encoding.UTF8.GetBytes($".{number.ToString(CultureInfo.InvariantCulture)}");
        var unique = new byte[body.Length + suffix.Length];
        body.CopyTo(unique, 0);
        suffix.CopyTo(unique, body.Length);
        return unique;
    }
}
