using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Deployer.Core.Manifests;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Logging;

namespace Deployer.Benchmarks;

/// <summary>
/// One Kestrel server on 127.0.0.1 playing every outside system, each answer delayed by the configured latency:
/// Heroku Platform API (<c>/heroku/</c>, see <see cref="FakeHeroku"/>), Alertmanager (<c>/am/</c>), PagerDuty (<c>/pd/</c>), GitHub (<c>/gh/</c>), the
/// Slack Web API (<c>/slack/api/</c>) and response_url (<c>/slack/response</c>). The Heroku world comes from the
/// manifests: every target runs its service's commit 0; every <c>diffEvery</c>-th pipeline has commit 1 on its first
/// stage, so the first cycle checks and promotes those. A pipeline's snapshot is one <c>latest-releases</c> call.
/// Promotions succeed at once (unless <see cref="FakeHeroku.PromotionDelay"/> is set) and keep the source release's
/// created-at, so the next pair's release-age check passes and the world converges within a few cycles.
/// <c>/_stats</c> returns counts per system and route, <c>/_reset</c> zeroes them.
/// </summary>
public sealed class FakeOutside : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, long> _counts = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> _maxUrl = new(StringComparer.Ordinal);
    private readonly DateTimeOffset _epoch;
    private WebApplication? _app;
    private int _slackSeq;

    public FakeOutside(int latencyMs, DateTimeOffset now)
    {
        LatencyMs = latencyMs;
        _epoch = now;
        Heroku = new FakeHeroku(now, (route, request) => Count("heroku", route, request));
    }

    /// <summary>The Heroku Platform API part (<c>/heroku/…</c>).</summary>
    public FakeHeroku Heroku { get; }

    public int LatencyMs { get; set; }

    public string Url { get; private set; } = "";

    public void LoadWorld(IEnumerable<ServiceManifest> manifests, int diffEvery) => Heroku.LoadWorld(manifests, diffEvery);

    public async Task StartAsync(int port = 0)
    {
        var builder = WebApplication.CreateSlimBuilder(["--hostBuilder:reloadConfigOnChange=false"]); // no watcher on the working folder
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.Listen(IPAddress.Loopback, port);
            // Real APIs refuse very long URLs (commonly 8 KB); the longest one seen is reported instead of refused here.
            k.Limits.MaxRequestLineSize = 1 << 20;
            k.Limits.MaxRequestHeadersTotalSize = 2 << 20;
            k.Limits.MaxRequestBufferSize = 4 << 20;
            k.AddServerHeader = false;
        });
        var app = builder.Build();
        app.Run(HandleAsync);
        await app.StartAsync();
        _app = app;
        var address = app.Urls.First();
        Url = address.TrimEnd('/');
    }

    public JsonObject Stats()
    {
        var json = new JsonObject();
        foreach (var (k, v) in _counts.OrderBy(k => k.Key, StringComparer.Ordinal))
        {
            json[k] = v;
        }

        var max = new JsonObject();
        foreach (var (k, v) in _maxUrl.OrderBy(k => k.Key, StringComparer.Ordinal))
        {
            max[k] = v;
        }

        return new JsonObject { ["counts"] = json, ["maxUrl"] = max };
    }

    public void Reset()
    {
        _counts.Clear();
        _maxUrl.Clear();
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }

    private void Count(string system, string route, HttpRequest request)
    {
        _counts.AddOrUpdate(system, 1, (_, v) => v + 1);
        _counts.AddOrUpdate($"{system}:{route}", 1, (_, v) => v + 1);
        var length = request.Path.Value!.Length + request.QueryString.Value?.Length ?? 0;
        _maxUrl.AddOrUpdate(system, length, (_, v) => Math.Max(v, length));
    }

    private async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        var path = request.Path.Value ?? "/";
        if (path.StartsWith("/_", StringComparison.Ordinal))
        {
            await ControlAsync(context, path);
            return;
        }

        if (LatencyMs > 0)
        {
            await Task.Delay(LatencyMs);
        }

        var parts = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        var (status, body) = parts switch
        {
            ["heroku", ..] => await Heroku.HandleAsync(context, parts[1..]),
            ["am", ..] => Counted("alertmanager", "alerts", request, "[]"),
            ["pd", ..] => Counted("pagerduty", "incidents", request, "{\"incidents\":[],\"limit\":100,\"offset\":0,\"more\":false}"),
            ["gh", ..] => GitHub(request, parts[1..]),
            ["slack", "api", var method] => Counted("slack", method, request,
                $"{{\"ok\":true,\"channel\":\"C00000001\",\"ts\":\"{1_700_000_000 + Interlocked.Increment(ref _slackSeq)}.000100\",\"message\":{{\"ts\":\"1700000000.000100\"}}}}"),
            ["slack", "response", ..] => Counted("slack", "response_url", request, "ok"),
            _ => (404, "{\"id\":\"not_found\",\"message\":\"no such route\"}"),
        };
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(body);
    }

    private (int, string) Counted(string system, string route, HttpRequest request, string body)
    {
        Count(system, route, request);
        return (200, body);
    }

    private (int, string) GitHub(HttpRequest request, string[] parts)
    {
        var ago = _epoch.AddHours(-2);
        switch (parts)
        {
            case ["repos", _, _, "compare", ..]:
                Count("github", "compare", request);
                return (200, "{\"status\":\"behind\",\"html_url\":\"https://github.com/acme/x/compare\",\"commits\":[]}");
            case ["repos", _, _, "commits", _, "check-runs"]:
                Count("github", "check-runs", request);
                return (200, $"{{\"total_count\":1,\"check_runs\":[{{\"status\":\"completed\",\"conclusion\":\"success\",\"started_at\":\"{ago:yyyy-MM-ddTHH:mm:ssZ}\",\"completed_at\":\"{ago.AddMinutes(20):yyyy-MM-ddTHH:mm:ssZ}\",\"html_url\":\"https://github.com/acme/x/runs/1\"}}]}}");
            case ["repos", _, _, "commits", _, "status"]:
                Count("github", "status", request);
                return (200, "{\"state\":\"success\",\"statuses\":[]}");
            default:
                Count("github", "other", request);
                return (404, "{\"message\":\"Not Found\"}");
        }
    }

    private async Task ControlAsync(HttpContext context, string path)
    {
        switch (path)
        {
            case "/_stats":
                context.Response.ContentType = "application/json";
                await context.Response.WriteAsync(Stats().ToJsonString());
                break;
            case "/_reset":
                Reset();
                break;
            case "/_latency":
                LatencyMs = int.Parse(context.Request.Query["ms"]!, CultureInfo.InvariantCulture);
                break;
            default:
                context.Response.StatusCode = 404;
                break;
        }
    }
}
