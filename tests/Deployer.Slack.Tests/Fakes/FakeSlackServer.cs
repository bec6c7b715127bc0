using System.Collections.Concurrent;
using System.Threading.Channels;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Deployer.Slack.Tests.Fakes;

/// <summary>A fake Slack on a dynamic loopback port: Web API methods (canned answers, recorded requests) and Socket Mode WebSockets.</summary>
public sealed class FakeSlackServer : IAsyncDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, ConcurrentQueue<FakeResponse>> _responses = new();
    private readonly Channel<RecordedRequest> _requests = Channel.CreateUnbounded<RecordedRequest>();
    private readonly Channel<FakeSocket> _sockets = Channel.CreateUnbounded<FakeSocket>();
    private readonly CancellationTokenSource _stopping = new();
    private int _socketCount;

    private FakeSlackServer(WebApplication app)
    {
        _app = app;
    }

    public Uri BaseUrl { get; private set; } = null!;

    public Uri ApiBaseUrl => new(BaseUrl, "api/");

    public ConcurrentQueue<RecordedRequest> AllRequests { get; } = new();

    public int ConnectionsOpened => Volatile.Read(ref _socketCount);

    public static async Task<FakeSlackServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var fake = new FakeSlackServer(app);
        app.UseWebSockets();
        app.MapPost("/api/{method}", fake.HandleApiAsync);
        app.MapPost("/hooks/{id}", fake.HandleApiAsync);
        app.Map("/socket/{n}", fake.HandleSocketAsync);
        await app.StartAsync();
        fake.BaseUrl = new Uri(app.Urls.First().TrimEnd('/') + "/");
        return fake;
    }

    /// <summary>Queues the next answer of a method (or hook path); unqueued methods answer <c>{"ok":true}</c>.</summary>
    public void Enqueue(string method, FakeResponse response) => _responses.GetOrAdd(method, _ => new()).Enqueue(response);

    public void Enqueue(string method, string json) => Enqueue(method, FakeResponse.Ok(json));

    /// <summary>The next request received; fails after a timeout.</summary>
    public async Task<RecordedRequest> NextRequestAsync()
    {
        using var cts = new CancellationTokenSource(Timeout);
        return await _requests.Reader.ReadAsync(cts.Token);
    }

    /// <summary>The next Socket Mode connection the client opened; fails after a timeout.</summary>
    public async Task<FakeSocket> NextSocketAsync()
    {
        using var cts = new CancellationTokenSource(Timeout);
        try
        {
            return await _sockets.Reader.ReadAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException("The client opened no Socket Mode connection in time.");
        }
    }

    private async Task HandleApiAsync(HttpContext context)
    {
        var method = context.Request.RouteValues["method"] as string ?? "hooks/" + context.Request.RouteValues["id"];
        using var reader = new StreamReader(context.Request.Body);
        var body = await reader.ReadToEndAsync();
        var recorded = new RecordedRequest(method, context.Request.ContentType, context.Request.Headers.Authorization, body);
        AllRequests.Enqueue(recorded);
        _requests.Writer.TryWrite(recorded);

        FakeResponse response;
        if (_responses.TryGetValue(method, out var queue) && queue.TryDequeue(out var queued))
        {
            response = queued;
        }
        else if (method == "apps.connections.open")
        {
            var next = Interlocked.Increment(ref _socketCount);
            var ws = new UriBuilder(BaseUrl) { Scheme = "ws", Path = $"/socket/{next}" }.Uri;
            response = FakeResponse.Ok($$"""{"ok":true,"url":"{{ws}}"}""");
        }
        else
        {
            response = FakeResponse.Ok("""{"ok":true}""");
        }

        if (response.Hang)
        {
            try
            {
                await Task.Delay(System.Threading.Timeout.Infinite, context.RequestAborted);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }

        context.Response.StatusCode = response.Status;
        foreach (var (name, value) in response.Headers ?? new Dictionary<string, string>())
        {
            context.Response.Headers[name] = value;
        }

        context.Response.ContentType = "application/json; charset=utf-8";
        await context.Response.WriteAsync(response.Body);
    }

    private async Task HandleSocketAsync(HttpContext context)
    {
        if (!context.WebSockets.IsWebSocketRequest)
        {
            context.Response.StatusCode = 400;
            return;
        }

        using var socket = await context.WebSockets.AcceptWebSocketAsync();
        var fake = new FakeSocket(socket, int.Parse((string)context.Request.RouteValues["n"]!, System.Globalization.CultureInfo.InvariantCulture));
        _sockets.Writer.TryWrite(fake);
        await fake.RunAsync(_stopping.Token);
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        await _app.StopAsync();
        await _app.DisposeAsync();
        _stopping.Dispose();
    }
}
