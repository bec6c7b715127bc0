using System.Collections.Concurrent;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Deployer.Bot.Tests.ChatOps.Fakes;

/// <summary>A Slack stand-in on 127.0.0.1: Web API methods, response_url endpoints and a Socket Mode WebSocket.</summary>
internal sealed partial class FakeSlackServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<SlackCall> _calls = new();
    private readonly ConcurrentDictionary<string, TaskCompletionSource<JsonElement>> _acks = new();
    private readonly SemaphoreSlim _changed = new(0);
    private readonly TaskCompletionSource _socketHello = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private WebSocket? _socket;
    private long _ts = 1_700_000_000_000_100;
    private int _envelopes;

    private FakeSlackServer(WebApplication app) => _app = app;

    public Uri BaseUrl { get; private set; } = null!;
    public Uri ApiBaseUrl => new(BaseUrl, "api/");

    /// <summary>Answers a Web API call with this HTTP status instead of handling it (null: handle).</summary>
    public Func<string, int?> Failure { get; set; } = _ => null;

    /// <summary>The Retry-After (seconds) sent with a 429 <see cref="Failure"/>.</summary>
    public string RetryAfter { get; set; } = "1";

    public Dictionary<string, string[]> Groups { get; } = [];
    public IReadOnlyList<SlackCall> Calls => [.. _calls];

    /// <summary>Starts on <paramref name="port"/> (0: any free port; a fixed one to come back after an outage).</summary>
    public static async Task<FakeSlackServer> StartAsync(int port = 0)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var server = new FakeSlackServer(app);
        app.UseWebSockets();
        app.MapPost("/api/{method}", server.ApiAsync);
        app.MapPost("/response/{id}", server.ResponseAsync);
        app.Map("/socket", server.SocketAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server.BaseUrl = new Uri(address.EndsWith('/') ? address : address + "/");
        return server;
    }

    public string ResponseUrl(string id) => new Uri(BaseUrl, $"response/{id}").ToString();

    /// <summary>Waits until a call matching <paramref name="match"/> arrived (already or later).</summary>
    public async Task<SlackCall> WaitForAsync(Func<SlackCall, bool> match, string what, TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(10));
        while (true)
        {
            if (_calls.FirstOrDefault(match) is { } call)
            {
                return call;
            }

            try
            {
                await _changed.WaitAsync(cts.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"Slack never saw {what}. Calls:\n{string.Join("\n", _calls.Select(c => c.ToString()))}");
            }
        }
    }

    public Task WaitForSocketAsync() => _socketHello.Task.WaitAsync(TimeSpan.FromSeconds(10));

    /// <summary>Sends a Socket Mode envelope and returns its ack's payload (or an empty element).</summary>
    public async Task<JsonElement> SendEnvelopeAsync(string type, object payload)
    {
        var id = $"env-{Interlocked.Increment(ref _envelopes)}";
        var ack = new TaskCompletionSource<JsonElement>(TaskCreationOptions.RunContinuationsAsynchronously);
        _acks[id] = ack;
        var json = JsonSerializer.Serialize(new { envelope_id = id, type, payload, accepts_response_payload = type == "slash_commands" });
        await _socket!.SendAsync(Encoding.UTF8.GetBytes(json), WebSocketMessageType.Text, true, CancellationToken.None);
        return await ack.Task.WaitAsync(TimeSpan.FromSeconds(3));
    }

    public async ValueTask DisposeAsync()
    {
        _socket?.Abort();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private void Record(SlackCall call)
    {
        _calls.Enqueue(call);
        _changed.Release(1000);
    }

    private async Task<IResult> ApiAsync(string method, HttpRequest request)
    {
        using var reader = new StreamReader(request.Body);
        var body = await reader.ReadToEndAsync();
        if (Failure(method) is { } status)
        {
            Record(new SlackCall(method, body, Failed: status));
            if (status == 429)
            {
                request.HttpContext.Response.Headers.RetryAfter = RetryAfter;
            }

            return Results.StatusCode(status);
        }

        var json = request.ContentType?.StartsWith("application/json", StringComparison.Ordinal) == true ? JsonDocument.Parse(body).RootElement.Clone() : default;
        var form = request.ContentType?.StartsWith("application/x-www-form-urlencoded", StringComparison.Ordinal) == true
            ? Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(body) : null;
        var call = new SlackCall(method, body, json);
        Record(call);
        return method switch
        {
            "chat.postMessage" => await PostedAsync(json),
            "chat.update" => Results.Json(new { ok = true, channel = Str(json, "channel"), ts = Str(json, "ts") }),
            "chat.postEphemeral" => Results.Json(new { ok = true, message_ts = NextTs() }),
            "usergroups.users.list" => Groups.TryGetValue(form?["usergroup"].ToString() ?? "", out var users)
                ? Results.Json(new { ok = true, users })
                : Results.Json(new { ok = false, error = "no_such_subteam" }),
            "apps.connections.open" => Results.Json(new { ok = true, url = new Uri(BaseUrl, "socket").ToString().Replace("http", "ws", StringComparison.Ordinal) }),
            "users.info" => Results.Json(new { ok = true, user = new { id = form?["user"].ToString(), name = "someone" } }),
            "conversations.history" or "conversations.replies" => History(method, form),
            _ => Results.Json(new { ok = false, error = "unknown_method" }),
        };
    }

    private async Task<IResult> ResponseAsync(string id, HttpRequest request)
    {
        using var reader = new StreamReader(request.Body);
        var body = await reader.ReadToEndAsync();
        Record(new SlackCall($"response:{id}", body, JsonDocument.Parse(body).RootElement.Clone()));
        return Results.Text("ok");
    }

    private async Task SocketAsync(HttpContext context)
    {
        if (!context.WebSockets.IsWebSocketRequest)
        {
            context.Response.StatusCode = 400;
            return;
        }

        using var socket = await context.WebSockets.AcceptWebSocketAsync();
        _socket = socket;
        await socket.SendAsync("""{"type":"hello","num_connections":1}"""u8.ToArray(), WebSocketMessageType.Text, true, CancellationToken.None);
        _socketHello.TrySetResult();
        var buffer = new byte[1 << 16];
        while (socket.State == WebSocketState.Open)
        {
            using var message = new MemoryStream();
            WebSocketReceiveResult result;
            do
            {
                result = await socket.ReceiveAsync(buffer, context.RequestAborted);
                message.Write(buffer, 0, result.Count);
            }
            while (!result.EndOfMessage && result.MessageType != WebSocketMessageType.Close);

            if (result.MessageType == WebSocketMessageType.Close)
            {
                break;
            }

            var ack = JsonDocument.Parse(message.ToArray()).RootElement.Clone();
            if (Str(ack, "envelope_id") is { } id && _acks.TryRemove(id, out var waiter))
            {
                waiter.TrySetResult(ack.TryGetProperty("payload", out var p) ? p : default);
            }
        }
    }

    private string NextTs()
    {
        // As on Slack, a ts is the time of posting (microseconds), unique in the channel.
        long seen, n;
        do
        {
            seen = Interlocked.Read(ref _ts);
            n = Math.Max(seen + 1, TimeProvider.System.GetUtcNow().ToUnixTimeMilliseconds() * 1000);
        }
        while (Interlocked.CompareExchange(ref _ts, n, seen) != seen);

        return $"{n / 1_000_000}.{n % 1_000_000:D6}";
    }

    private static string? Str(JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
}
