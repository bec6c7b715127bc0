using System.Text.Json;
using Deployer.Integrations.Heroku;
using Deployer.Integrations.Tests.Fakes;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Deployer.Integrations.Tests.Heroku;

/// <summary>A Heroku Platform API speaking the wire format: apps, releases (Range), slugs, couplings, promotions.</summary>
public sealed class HerokuFake : IAsyncDisposable
{
    public const string PipelineName = "pipe-1";
    public static readonly string PipelineId = AppId("pipeline:" + PipelineName);

    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, string> _latest = new(StringComparer.OrdinalIgnoreCase);

    private HerokuFake(FakeHttpServer server)
    {
        Server = server;
        Server.On("GET", $"/pipelines/{PipelineName}", ctx => Reply(ctx, JsonSerializer.Serialize(new { id = PipelineId, name = PipelineName })));
        Server.On("GET", $"/pipelines/{PipelineId}/latest-releases", ctx => Reply(ctx, "[" + string.Join(",", _latest.Values) + "]"));
    }

    public FakeHttpServer Server { get; }

    /// <summary>The value sent in <c>RateLimit-Remaining</c>.</summary>
    public int RateLimitRemaining { get; set; } = 4000;

    public static async Task<HerokuFake> StartAsync() => new(await FakeHttpServer.StartAsync());

    public static string AppId(string name) => new Guid(System.Security.Cryptography.MD5.HashData(System.Text.Encoding.UTF8.GetBytes(name))).ToString();

    public ServiceProvider Services(Action<Dictionary<string, string?>>? tweak = null, TimeProvider? time = null)
    {
        var settings = IntegrationHost.FastHttp("Heroku")
            .With("Heroku:ApiBaseUrl", Server.Url)
            .With("Heroku:ApiToken", "t0ken")
            .With("Heroku:PollInterval", "00:00:00.020")
            .With("Heroku:RateLimitFloor", "100");
        tweak?.Invoke(settings);
        return IntegrationHost.Build(settings, time);
    }

    public static HerokuPlatform Platform(ServiceProvider services) => services.GetRequiredService<HerokuPlatform>();

    /// <summary>
    /// An app with its newest release built from <paramref name="commit"/>; <paramref name="coupled"/> apps are also in
    /// the answer of pipeline <see cref="PipelineName"/>'s <c>latest-releases</c>.
    /// </summary>
    public void App(string name, string commit, long version = 12, string status = "succeeded", string? slugId = null, bool coupled = true)
    {
        var id = AppId(name);
        slugId ??= $"slug-{commit}";
        var release = Release(name, commit, version, status, slugId);
        Server.On("GET", $"/apps/{name}", ctx => Reply(ctx, JsonSerializer.Serialize(new { id, name })));
        Server.On("GET", $"/apps/{name}/releases", ctx => Reply(ctx, $"[{release}]", 206));
        if (coupled)
        {
            _latest[name] = release;
        }
        else
        {
            _latest.TryRemove(name, out _);
        }

        Server.On("GET", $"/apps/{id}/slugs/{slugId}", ctx => Reply(ctx, $$"""
            {"id":"{{slugId}}","commit":"{{commit}}","commit_description":"fix things"}
            """));
        Server.On("GET", $"/apps/{name}/slugs/{slugId}", ctx => Reply(ctx, $$"""
            {"id":"{{slugId}}","commit":"{{commit}}","commit_description":"fix things"}
            """));
    }

    /// <summary>A release object as Heroku serializes it, with its app.</summary>
    public static string Release(string app, string commit, long version, string status = "succeeded", string? slugId = null) => $$$"""
        {"id":"rel-{{{version}}}","version":{{{version}}},"status":"{{{status}}}","current":true,
         "created_at":"2024-05-01T10:00:00Z","description":"Deploy {{{commit[..7]}}}","slug":{"id":"{{{slugId ?? $"slug-{commit}"}}}"},
         "app":{"id":"{{{AppId(app)}}}","name":"{{{app}}}"}}
        """;

    /// <summary>Replies like Heroku: JSON and a <c>RateLimit-Remaining</c> header.</summary>
    public Task Reply(HttpContext context, string json, int status = 200, IDictionary<string, string>? headers = null)
    {
        var all = new Dictionary<string, string>(headers ?? new Dictionary<string, string>()) { ["RateLimit-Remaining"] = RateLimitRemaining.ToString(System.Globalization.CultureInfo.InvariantCulture) };
        return FakeHttpServer.Json(context, json, status, all);
    }

    public ValueTask DisposeAsync() => Server.DisposeAsync();
}
