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
/// Heroku Platform API (<c>/heroku/</c>), Alertmanager (<c>/am/</c>), PagerDuty (<c>/pd/</c>), GitHub (<c>/gh/</c>), the
/// Slack Web API (<c>/slack/api/</c>) and response_url (<c>/slack/response</c>). The Heroku world comes from the
/// manifests: every target runs its service's commit 0; every <c>diffEvery</c>-th pipeline has commit 1 on its first
/// stage, so the first cycle checks and promotes those. Promotions succeed at once and keep the source release's
/// created-at, so the next pair's release-age check passes and the world converges within a few cycles.
/// <c>/_stats</c> returns counts per system and route, <c>/_reset</c> zeroes them.
/// </summary>
public sealed class FakeOutside : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, App> _apps = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, string> _idToName = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, string[]> _promotions = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, long> _counts = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> _maxUrl = new(StringComparer.Ordinal);
    private readonly DateTimeOffset _epoch;
    private WebApplication? _app;
    private int _promotionSeq;

    public FakeOutside(int latencyMs, DateTimeOffset now)
    {
        LatencyMs = latencyMs;
        _epoch = now;
    }

    public int LatencyMs { get; set; }

    public string Url { get; private set; } = "";

    public void LoadWorld(IEnumerable<ServiceManifest> manifests, int diffEvery)
    {
        foreach (var m in manifests)
        {
            var index = int.TryParse(m.Service.AsSpan(m.Service.LastIndexOf('-') + 1), NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : 0;
            for (var s = 0; s < m.Stages.Count; s++)
            {
                var gen = s == 0 && diffEvery > 0 && index % diffEvery == 0 ? 1 : 0;
                foreach (var target in m.Stages[s].Targets)
                {
                    var app = new App
                    {
                        Name = target,
                        Id = ManifestGenerator.DeterministicGuid("app:" + target).ToString(),
                        Commit = ManifestGenerator.Sha($"{m.Service}:{gen}"),
                        SlugId = ManifestGenerator.DeterministicGuid($"slug:{m.Service}:{gen}").ToString(),
                        Version = 10 + gen,
                        CreatedAt = _epoch.AddDays(-1).AddMinutes(gen),
                    };
                    _apps[target] = app;
                    _idToName[app.Id] = target;
                }
            }
        }
    }

    public async Task StartAsync(int port = 0)
    {
        var builder = WebApplication.CreateSlimBuilder();
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
            ["heroku", ..] => await HerokuAsync(context, parts[1..]),
            ["am", ..] => Counted("alertmanager", "alerts", request, "[]"),
            ["pd", ..] => Counted("pagerduty", "incidents", request, "{\"incidents\":[],\"limit\":100,\"offset\":0,\"more\":false}"),
            ["gh", ..] => GitHub(request, parts[1..]),
            ["slack", "api", var method] => Counted("slack", method, request,
                $"{{\"ok\":true,\"channel\":\"C00000001\",\"ts\":\"{1_700_000_000 + Interlocked.Increment(ref _promotionSeq)}.000100\",\"message\":{{\"ts\":\"1700000000.000100\"}}}}"),
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

    private async Task<(int, string)> HerokuAsync(HttpContext context, string[] parts)
    {
        var request = context.Request;
        switch (parts)
        {
            case ["apps", var name, "releases"]:
            {
                Count("heroku", "releases", request);
                if (!_apps.TryGetValue(Uri.UnescapeDataString(name), out var app))
                {
                    return (404, "{\"id\":\"not_found\",\"message\":\"Couldn't find that app.\"}");
                }

                var (commitSlug, version, created) = app.Read();
                context.Response.Headers["RateLimit-Remaining"] = "4000";
                return (200, $"[{{\"id\":\"{ManifestGenerator.DeterministicGuid($"rel:{app.Name}:{version}")}\",\"version\":{version},\"status\":\"succeeded\",\"current\":true,"
                    + $"\"created_at\":\"{created.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture)}\",\"slug\":{{\"id\":\"{commitSlug.Slug}\"}},\"description\":\"Deploy {commitSlug.Commit[..7]}\"}}]");
            }

            case ["apps", var name, "slugs", var slug]:
            {
                Count("heroku", "slugs", request);
                var app = _apps.GetValueOrDefault(Uri.UnescapeDataString(name));
                var commit = app?.CommitOfSlug(slug) ?? ManifestGenerator.Sha(slug);
                return (200, $"{{\"id\":\"{slug}\",\"commit\":\"{commit}\",\"commit_description\":\"bench\"}}");
            }

            case ["apps", var name]:
            {
                Count("heroku", "apps", request);
                var key = Uri.UnescapeDataString(name);
                if (!_apps.TryGetValue(key, out var app) && !(_idToName.TryGetValue(key, out var n) && _apps.TryGetValue(n, out app)))
                {
                    return (404, "{\"id\":\"not_found\",\"message\":\"Couldn't find that app.\"}");
                }

                return (200, $"{{\"id\":\"{app.Id}\",\"name\":\"{app.Name}\"}}");
            }

            case ["pipeline-promotions"] when HttpMethods.IsPost(request.Method):
            {
                Count("heroku", "promote", request);
                using var doc = await JsonDocument.ParseAsync(request.Body);
                var sourceId = doc.RootElement.GetProperty("source").GetProperty("app").GetProperty("id").GetString()!;
                var source = _apps[_idToName[sourceId]];
                var targets = doc.RootElement.GetProperty("targets").EnumerateArray().Select(t => t.GetProperty("app").GetProperty("id").GetString()!).ToArray();
                foreach (var id in targets)
                {
                    _apps[_idToName[id]].PromoteFrom(source);
                }

                var promotionId = ManifestGenerator.DeterministicGuid("promotion:" + Interlocked.Increment(ref _promotionSeq)).ToString();
                _promotions[promotionId] = targets;
                return (201, $"{{\"id\":\"{promotionId}\",\"status\":\"pending\"}}");
            }

            case ["pipeline-promotions", var id, "promotion-targets"]:
            {
                Count("heroku", "promotion-targets", request);
                var targets = _promotions.GetValueOrDefault(id) ?? [];
                return (200, "[" + string.Join(',', targets.Select(t => $"{{\"app\":{{\"id\":\"{t}\"}},\"status\":\"succeeded\"}}")) + "]");
            }

            default:
                Count("heroku", "other", request);
                return (404, "{\"id\":\"not_found\",\"message\":\"no such route\"}");
        }
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

    private sealed class App
    {
        private readonly Lock _gate = new();

        public required string Name { get; init; }
        public required string Id { get; init; }
        public required string Commit { get; set; }
        public required string SlugId { get; set; }
        public required long Version { get; set; }
        public required DateTimeOffset CreatedAt { get; set; }

        public ((string Commit, string Slug), long Version, DateTimeOffset Created) Read()
        {
            lock (_gate)
            {
                return ((Commit, SlugId), Version, CreatedAt);
            }
        }

        public string? CommitOfSlug(string slug)
        {
            lock (_gate)
            {
                return string.Equals(slug, SlugId, StringComparison.OrdinalIgnoreCase) ? Commit : null;
            }
        }

        public void PromoteFrom(App source)
        {
            var ((commit, slug), _, created) = source.Read();
            lock (_gate)
            {
                Commit = commit;
                SlugId = slug;
                Version++;
                CreatedAt = created;
            }
        }
    }
}
