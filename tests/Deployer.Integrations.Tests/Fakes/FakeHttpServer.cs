using System.Collections.Concurrent;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Deployer.Integrations.Tests.Fakes;

/// <summary>A real Kestrel server on 127.0.0.1 with a dynamic port; tests register a handler per "METHOD /path".</summary>
public sealed class FakeHttpServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, Func<HttpContext, Task>> _routes = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<RecordedRequest> _requests = new();

    private FakeHttpServer(WebApplication app) => _app = app;

    public string Url { get; private set; } = "";

    public IReadOnlyList<RecordedRequest> Requests => _requests.ToList();

    public static async Task<FakeHttpServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder(["--hostBuilder:reloadConfigOnChange=false"]); // no watcher on the working folder
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var server = new FakeHttpServer(app);
        app.Run(server.DispatchAsync);
        await app.StartAsync();
        server.Url = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return server;
    }

    /// <summary>Handles <paramref name="method"/> <paramref name="path"/> (path only, query ignored) with <paramref name="handler"/>.</summary>
    public void On(string method, string path, Func<HttpContext, Task> handler) => _routes[$"{method} {path}"] = handler;

    /// <summary>Answers with a fixed JSON body, status and headers.</summary>
    public void OnJson(string method, string path, string json, int status = 200, IDictionary<string, string>? headers = null) =>
        On(method, path, ctx => Json(ctx, json, status, headers));

    public static async Task Json(HttpContext context, string json, int status = 200, IDictionary<string, string>? headers = null)
    {
        context.Response.StatusCode = status;
        foreach (var (name, value) in headers ?? new Dictionary<string, string>())
        {
            context.Response.Headers[name] = value;
        }

        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(json);
    }

    /// <summary>Never answers within the test's timeouts (stops when the client gives up).</summary>
    public static async Task Hang(HttpContext context)
    {
        try
        {
            await Task.Delay(TimeSpan.FromSeconds(30), context.RequestAborted);
        }
        catch (OperationCanceledException)
        {
            // The client gave up, which is the point.
        }
    }

    public int Count(string method, string path) =>
        _requests.Count(r => r.Method == method && r.Path == path);

    public async ValueTask DisposeAsync()
    {
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(2));
        await _app.StopAsync(stop.Token);
        await _app.DisposeAsync();
    }

    private async Task DispatchAsync(HttpContext context)
    {
        string body;
        using (var reader = new StreamReader(context.Request.Body, Encoding.UTF8))
        {
            body = await reader.ReadToEndAsync(context.RequestAborted);
        }

        _requests.Enqueue(new RecordedRequest(
            context.Request.Method,
            context.Request.Path.Value ?? "",
            context.Request.QueryString.Value ?? "",
            context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase),
            body));

        if (_routes.TryGetValue($"{context.Request.Method} {context.Request.Path.Value}", out var handler))
        {
            await handler(context);
            return;
        }

        await Json(context, """{"id":"not_found","message":"no fake route"}""", 404);
    }
}
