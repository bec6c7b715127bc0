using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Deployer.Benchmarks;

/// <summary>
/// <c>dashboard</c>: the built bot as a child process in local mode with 1,000 pipelines (cycles every 2 s, the release
/// simulator landing a release every second). First, the pages' first paint from the server's side: time to the last
/// byte and bytes of <c>/</c> and of a service page, cold (the first request after start) and warm. Then 50 open
/// pages (40 boards on different board pages, 10 service pages) each holding <c>/events</c> and doing what live.js does on each event (fetch
/// the changed row or service fragment when it shows it), during cycles: events delivered, how far apart the 50
/// copies of one event arrive, fragment latency, and the server's CPU with and without the pages.
/// </summary>
public static class DashboardScenario
{
    public static async Task<Report> RunAsync(BenchOptions options)
    {
        var pipelines = options.Int("pipelines", 1000);
        var pages = options.Int("pages", 50);
        var seconds = options.Double("seconds", 30);
        var samples = options.Int("samples", 30);
        var dll = BotProcess.FindDll(options);
        var root = BotComposition.NewContentRoot("dashboard", pipelines, "local");
        var port = BotProcess.FreePort();
        var started = Stopwatch.GetTimestamp();
        var env = new Dictionary<string, string?>
        {
            ["Local__WorldFile"] = "",
            ["Engine__Interval"] = options.String("cycle-interval", "00:00:02"),
            ["Local__Simulator__Interval"] = "00:00:01",
            ["Local__Simulator__FirstReleaseAfter"] = "00:00:00",
            ["ChatOps__ReadConsole"] = "false",
        };
        BotProcess.AddEnv(options, env);
        await using var bot = BotProcess.Start(dll, root, port, env);
        await BotProcess.WaitHealthyAsync(bot, port, started, TimeSpan.FromSeconds(60));
        var baseUrl = $"http://127.0.0.1:{port}";
        using var client = new HttpClient(new SocketsHttpHandler { UseProxy = false, MaxConnectionsPerServer = pages * 2, UseCookies = false })
        {
            BaseAddress = new Uri(baseUrl),
            Timeout = TimeSpan.FromSeconds(30),
        };
        await WaitForCyclesAsync(client, 1, TimeSpan.FromSeconds(120));
        var service = ManifestGenerator.Service(2);

        // Cold: the first request of each page after start (the renderer's code is compiled on it).
        var coldBoard = await TimeGetAsync(client, "/");
        var coldService = await TimeGetAsync(client, $"/pipelines/{service}");
        var board = new List<(double Ms, long Bytes)>();
        var servicePage = new List<(double Ms, long Bytes)>();
        var filtered = new List<(double Ms, long Bytes)>();
        for (var i = 0; i < samples; i++)
        {
            board.Add(await TimeGetAsync(client, "/"));
            servicePage.Add(await TimeGetAsync(client, $"/pipelines/{ManifestGenerator.Service(i % pipelines)}"));
            filtered.Add(await TimeGetAsync(client, "/?notInSync=1&page=2"));
        }

        // What cycles cost the server with no page open.
        var idle = await CpuPctAsync(bot, TimeSpan.FromSeconds(options.Double("idle-seconds", 8)));
        var cyclesBefore = await CyclesAsync(client);

        // The board pages look at different parts of the board (page 1, 2, … of 50 rows), as 40 people would; each
        // fetches the row of a change only when that row is on its page, as live.js does.
        var boardPageCount = (pipelines + 49) / 50;
        var boardServices = new HashSet<string>[pages];
        for (var p = 0; p < pages; p++)
        {
            var html = await client.GetStringAsync($"/?page={p % boardPageCount + 1}");
            boardServices[p] = html.Split("data-service=\"").Skip(2).Select(s => s[..s.IndexOf('"', StringComparison.Ordinal)]).ToHashSet();
        }

        using var stop = new CancellationTokenSource();
        var arrivals = new ConcurrentDictionary<long, ConcurrentBag<long>>();
        var seen = Enumerable.Range(0, pages).Select(_ => new ConcurrentBag<long>()).ToArray();
        var fragments = new ConcurrentBag<double>();
        var counts = new int[pages];
        var resyncs = 0;
        var errors = 0;
        var readers = Enumerable.Range(0, pages).Select(p => Task.Run(async () =>
        {
            var servicePageOf = p < pages / 5 ? ManifestGenerator.Service(p * (pipelines / Math.Max(1, pages / 5))) : null;
            try
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, servicePageOf is null ? "/events" : $"/events?service={servicePageOf}");
                using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, stop.Token);
                using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(stop.Token));
                var kind = "";
                long id = 0;
                while (await reader.ReadLineAsync(stop.Token) is { } line)
                {
                    if (line.StartsWith("event: ", StringComparison.Ordinal))
                    {
                        kind = line[7..];
                    }
                    else if (line.StartsWith("id: ", StringComparison.Ordinal))
                    {
                        id = long.Parse(line[4..], System.Globalization.CultureInfo.InvariantCulture);
                    }
                    else if (line.StartsWith("data: ", StringComparison.Ordinal) && kind is "change" or "resync")
                    {
                        if (kind == "resync")
                        {
                            Interlocked.Increment(ref resyncs);
                            continue;
                        }

                        Interlocked.Increment(ref counts[p]);
                        seen[p].Add(id);
                        if (servicePageOf is null)
                        {
                            arrivals.GetOrAdd(id, _ => []).Add(Stopwatch.GetTimestamp());
                        }

                        var changed = JsonNode.Parse(line[6..])?["service"]?.GetValue<string>() ?? "";
                        var fragment = servicePageOf is not null ? $"/pipelines/{changed}/live" : boardServices[p].Contains(changed) ? $"/dashboard/rows/{changed}" : null;
                        if (fragment is not null)
                        {
                            _ = FetchFragmentAsync(client, fragment, fragments, () => Interlocked.Increment(ref errors));
                        }
                    }
                }
            }
            catch (OperationCanceledException)
            {
            }
            catch (Exception ex) when (ex is HttpRequestException or IOException)
            {
                Interlocked.Increment(ref errors);
            }
        })).ToList();

        var busy = await CpuPctAsync(bot, TimeSpan.FromSeconds(seconds));
        var cyclesAfter = await CyclesAsync(client);
        await stop.CancelAsync();
        await Task.WhenAll(readers);
        var rss = bot.RssBytes() / 1048576.0;

        var boardPages = counts.Skip(pages / 5).ToList();
        // Pages connect one after another: compare them over the changes published while all were connected.
        var boardSeen = seen.Skip(pages / 5).Where(s => !s.IsEmpty).ToList();
        var from = boardSeen.Count == 0 ? 0 : boardSeen.Max(s => s.Min());
        var to = boardSeen.Count == 0 ? -1 : boardSeen.Min(s => s.Max());
        var common = arrivals.Where(a => a.Key >= from && a.Key <= to).ToList();
        var missing = common.Sum(a => boardPages.Count - a.Value.Count);
        // How far apart the copies of one change arrive at the board pages is the fan-out's cost.
        var spreads = common.Where(a => a.Value.Count == boardPages.Count)
            .Select(a => Stopwatch.GetElapsedTime(a.Value.Min(), a.Value.Max()).TotalMilliseconds).ToList();
        var b = Stats(board);
        var s = Stats(servicePage);
        var f = Stats(filtered);
        var fragmentP = new Percentiles(fragments);
        var spreadP = new Percentiles(spreads);
        var report = new Report("dashboard")
            .Add("pipelines", pipelines)
            .Add("boardColdMs", coldBoard.Ms, "first request of / after start")
            .Add("boardMedianMs", b.Median).Add("boardP90Ms", b.P90).Add("boardBytes", board[^1].Bytes, "one page of 50 rows, counts over all 1,000")
            .Add("serviceColdMs", coldService.Ms).Add("serviceMedianMs", s.Median).Add("serviceP90Ms", s.P90).Add("serviceBytes", servicePage[^1].Bytes)
            .Add("notInSyncPage2MedianMs", f.Median).Add("notInSyncPage2Bytes", filtered[^1].Bytes)
            .Add("pages", pages, $"{pages - pages / 5} boards, {pages / 5} service pages")
            .Add("seconds", seconds)
            .Add("cycles", cyclesAfter - cyclesBefore)
            .Add("eventsPerBoardPage", boardPages.Count == 0 ? 0 : boardPages.Average())
            .Add("changesComparedAcrossBoards", common.Count, "published while every board page was connected")
            .Add("missingCopies", missing)
            .Add("eventsPerServicePage", counts.Take(pages / 5).DefaultIfEmpty().Average())
            .Add("fanOutSpreadP50Ms", spreadP.P(50), "first to last board page receiving one change")
            .Add("fanOutSpreadP99Ms", spreadP.P(99))
            .Add("fragments", fragmentP.Count).Add("fragmentP50Ms", fragmentP.P(50)).Add("fragmentP99Ms", fragmentP.P(99))
            .Add("resyncs", resyncs, "pages that fell behind the bounded queue")
            .Add("errors", errors)
            .Add("serverCpuIdlePct", idle, "cycles only, no page open")
            .Add("serverCpuWith50PagesPct", busy)
            .Add("serverRssMB", rss);
        report.Target("first paint of / under 1 s (cold)", coldBoard.Ms < 1000, $"{coldBoard.Ms:0} ms cold, {b.Median:0.0} ms warm, {board[^1].Bytes:N0} bytes");
        report.Target("first paint of a service page under 1 s (cold)", coldService.Ms < 1000, $"{coldService.Ms:0} ms cold, {s.Median:0.0} ms warm, {servicePage[^1].Bytes:N0} bytes");
        report.Target("every board page got every change, within 2 s", errors == 0 && resyncs == 0 && missing == 0 && common.Count > 0 && spreadP.P(99) < 2000,
            $"{common.Count} changes x {boardPages.Count} boards, {missing} copies missing, spread p99 {spreadP.P(99):0.0} ms, {errors} errors");
        CycleScenario.TryDelete(root);
        return report;
    }

    private static async Task FetchFragmentAsync(HttpClient client, string path, ConcurrentBag<double> latencies, Action error)
    {
        try
        {
            var (ms, _) = await TimeGetAsync(client, path);
            latencies.Add(ms);
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
        {
            error();
        }
    }

    private static async Task<(double Ms, long Bytes)> TimeGetAsync(HttpClient client, string path)
    {
        var sw = Stopwatch.StartNew();
        using var response = await client.GetAsync(path);
        var body = await response.Content.ReadAsByteArrayAsync();
        var ms = sw.Elapsed.TotalMilliseconds;
        if (response.StatusCode != HttpStatusCode.OK)
        {
            throw new HttpRequestException($"GET {path}: {(int)response.StatusCode}");
        }

        return (ms, body.LongLength);
    }

    private static (double Median, double P90) Stats(List<(double Ms, long Bytes)> runs)
    {
        var p = new Percentiles(runs.Select(r => r.Ms));
        return (p.P(50), p.P(90));
    }

    private static async Task<double> CpuPctAsync(ChildProcess bot, TimeSpan period)
    {
        bot.Process.Refresh();
        var before = bot.Process.TotalProcessorTime;
        var sw = Stopwatch.StartNew();
        await Task.Delay(period);
        bot.Process.Refresh();
        return (bot.Process.TotalProcessorTime - before).TotalSeconds / sw.Elapsed.TotalSeconds * 100;
    }

    private static async Task<long> CyclesAsync(HttpClient client)
    {
        using var response = await client.GetAsync("/healthz");
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("cycles").GetProperty("completed").GetInt64();
    }

    private static async Task WaitForCyclesAsync(HttpClient client, long atLeast, TimeSpan timeout)
    {
        var sw = Stopwatch.StartNew();
        while (await CyclesAsync(client) < atLeast && sw.Elapsed < timeout)
        {
            await Task.Delay(100);
        }
    }
}
