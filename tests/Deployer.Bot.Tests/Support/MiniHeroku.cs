using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Deployer.Bot.Tests.Support;

/// <summary>
/// Just enough of the Heroku Platform API on 127.0.0.1 for the host's webhook path: one pipeline's couplings and
/// latest releases, apps, slugs, and pipeline promotions that succeed at once by copying the source's release.
/// </summary>
internal sealed class MiniHeroku : IAsyncDisposable
{
    public const string Pipeline = "pipe-1";
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, (string Commit, long Version)> _apps = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentQueue<string> _calls = new();
    private readonly ConcurrentDictionary<string, string[]> _promotions = new();

    private MiniHeroku(WebApplication app) => _app = app;

    public string Url { get; private set; } = "";

    /// <summary>"METHOD /path" of every call, in order.</summary>
    public IReadOnlyList<string> Calls => _calls.ToList();

    public static string Id(string name) => new Guid(MD5.HashData(Encoding.UTF8.GetBytes(name))).ToString();

    public static async Task<MiniHeroku> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder(["--hostBuilder:reloadConfigOnChange=false"]); // no watcher on the working folder
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var fake = new MiniHeroku(app);
        app.Run(fake.HandleAsync);
        await app.StartAsync();
        fake.Url = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return fake;
    }

    public void Set(string app, string commit, long version) => _apps[app] = (commit, version);

    public string? Commit(string app) => _apps.TryGetValue(app, out var a) ? a.Commit : null;

    /// <summary>The release object Heroku would put in a webhook's <c>data</c>.</summary>
    public string Release(string app)
    {
        var (commit, version) = _apps[app];
        return JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["id"] = Id($"{app}:{version}"),
            ["version"] = version,
            ["status"] = "succeeded",
            ["current"] = true,
            ["created_at"] = "2024-05-01T10:00:00Z",
            ["slug"] = new { id = $"slug-{commit}" },
            ["app"] = new { id = Id(app), name = app },
        });
    }

    private async Task HandleAsync(HttpContext context)
    {
        var path = context.Request.Path.Value ?? "";
        _calls.Enqueue($"{context.Request.Method} {path}");
        context.Response.Headers["RateLimit-Remaining"] = "4000";
        context.Response.ContentType = "application/json";
        var parts = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        var body = parts switch
        {
            ["pipelines", Pipeline] => JsonSerializer.Serialize(new { id = Id(Pipeline), name = Pipeline }),
            ["pipelines", _, "pipeline-couplings"] => "[" + string.Join(",", _apps.Keys.Select(a =>
                JsonSerializer.Serialize(new { app = new { id = Id(a) }, stage = a.EndsWith("-staging", StringComparison.Ordinal) ? "staging" : "production" }))) + "]",
            ["pipelines", _, "latest-releases"] => "[" + string.Join(",", _apps.Keys.Select(Release)) + "]",
            ["apps", var app, "releases"] => "[" + Release(app) + "]",
            ["apps", _, "slugs", var slug] => JsonSerializer.Serialize(new { id = slug, commit = slug["slug-".Length..] }),
            ["apps", var app] => JsonSerializer.Serialize(new { id = Id(app), name = app }),
            ["pipeline-promotions"] => await PromoteAsync(context),
            ["pipeline-promotions", var id, "promotion-targets"] => "[" + string.Join(",", _promotions[id].Select(t =>
                JsonSerializer.Serialize(new { app = new { id = t }, status = "succeeded" }))) + "]",
            _ => null,
        };
        if (body is null)
        {
            context.Response.StatusCode = 404;
            body = "{\"id\":\"not_found\",\"message\":\"no such route\"}";
        }

        await context.Response.WriteAsync(body);
    }

    private async Task<string> PromoteAsync(HttpContext context)
    {
        using var doc = await JsonDocument.ParseAsync(context.Request.Body);
        var source = doc.RootElement.GetProperty("source").GetProperty("app").GetProperty("id").GetString()!;
        var sourceApp = _apps.Keys.First(a => Id(a) == source);
        var targets = doc.RootElement.GetProperty("targets").EnumerateArray().Select(t => t.GetProperty("app").GetProperty("id").GetString()!).ToArray();
        foreach (var target in targets)
        {
            var name = _apps.Keys.First(a => Id(a) == target);
            _apps[name] = (_apps[sourceApp].Commit, _apps[name].Version + 1);
        }

        var id = Guid.NewGuid().ToString();
        _promotions[id] = targets;
        return JsonSerializer.Serialize(new { id, status = "pending" });
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
