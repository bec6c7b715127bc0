using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using System.Threading.Channels;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Deployer.Testing;

/// <summary>
/// Slack on 127.0.0.1, speaking its documented wire format: Web API methods (<c>/api/{method}</c>, JSON or form bodies,
/// <c>{"ok":…}</c> answers, 429 with <c>Retry-After</c>), response_url and webhook paths, and Socket Mode WebSockets.
/// Every request is recorded. Answers come from <see cref="Enqueue(string, FakeResponse)"/>, else
/// <see cref="Failure"/>, else a plausible default per method (<c>unknown_method</c> for the rest, as Slack does).
/// Sockets say hello and collect acks by themselves (<see cref="SendEnvelopeAsync"/>) unless
/// <see cref="ScriptedSockets"/> hands them to the test (<see cref="NextSocketAsync"/>).
/// </summary>
public sealed partial class FakeSlackServer : IAsyncDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<SlackCall> _calls = new();
    private readonly Channel<SlackCall> _unread = Channel.CreateUnbounded<SlackCall>();
    private readonly ConcurrentDictionary<string, ConcurrentQueue<FakeResponse>> _responses = new();
    private readonly ConcurrentDictionary<string, TaskCompletionSource<JsonElement>> _acks = new();
    private readonly Channel<FakeSocket> _sockets = Channel.CreateUnbounded<FakeSocket>();
    private readonly TaskCompletionSource _socketHello = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenSource _stopping = new();
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private volatile FakeSocket? _socket;
    private long _ts = 1_700_000_000_000_100;
    private int _envelopes;
    private int _socketCount;

    private FakeSlackServer(WebApplication app) => _app = app;

    public Uri BaseUrl { get; private set; } = null!;
    public Uri ApiBaseUrl => new(BaseUrl, "api/");

    /// <summary>Answers a Web API call with this HTTP status instead of handling it (null: handle).</summary>
    public Func<string, int?> Failure { get; set; } = _ => null;

    /// <summary>The Retry-After (seconds) sent with a 429 <see cref="Failure"/>.</summary>
    public string RetryAfter { get; set; } = "1";

    /// <summary>User groups by id and their members, for <c>usergroups.list</c> and <c>usergroups.users.list</c>.</summary>
    public Dictionary<string, string[]> Groups { get; } = [];

    /// <summary>When true, Socket Mode connections are handed to the test (<see cref="NextSocketAsync"/>) without a hello.</summary>
    public bool ScriptedSockets { get; set; }

    /// <summary>Every request received, in order.</summary>
    public IReadOnlyList<SlackCall> Calls => [.. _calls];

    /// <summary>Socket Mode connections opened so far (<c>apps.connections.open</c> answered).</summary>
    public int ConnectionsOpened => Volatile.Read(ref _socketCount);

    /// <summary>Starts on <paramref name="port"/> (0: any free port; a fixed one to come back after an outage).</summary>
    public static async Task<FakeSlackServer> StartAsync(int port = 0)
    {
        var builder = WebApplication.CreateSlimBuilder(["--hostBuilder:reloadConfigOnChange=false"]); // no watcher on the working folder
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var server = new FakeSlackServer(app);
        app.UseWebSockets();
        app.MapPost("/api/{method}", (string method, HttpContext context) => server.AnswerAsync(method, context, api: true));
        app.MapPost("/response/{id}", (string id, HttpContext context) => server.AnswerAsync($"response:{id}", context, api: false));
        app.MapPost("/hooks/{id}", (string id, HttpContext context) => server.AnswerAsync($"hooks/{id}", context, api: false));
        app.Map("/socket/{n:int}", server.SocketAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server.BaseUrl = new Uri(address.EndsWith('/') ? address : address + "/");
        return server;
    }

    /// <summary>A response_url for <paramref name="id"/>; its posts are recorded as <c>response:{id}</c>.</summary>
    public string ResponseUrl(string id) => new Uri(BaseUrl, $"response/{id}").ToString();

    /// <summary>Queues the next answer of a method (or <c>hooks/{id}</c>, <c>response:{id}</c>), ahead of everything else.</summary>
    public void Enqueue(string method, FakeResponse response) => _responses.GetOrAdd(method, _ => new()).Enqueue(response);

    public void Enqueue(string method, string json) => Enqueue(method, FakeResponse.Ok(json));

    /// <summary>The next request not yet read by this method, in arrival order; fails after a timeout.</summary>
    public async Task<SlackCall> NextRequestAsync()
    {
        using var cts = new CancellationTokenSource(Timeout);
        try
        {
            return await _unread.Reader.ReadAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"Slack received no request within {Timeout}.");
        }
    }

    /// <summary>Waits until a call matching <paramref name="match"/> arrived (already or later).</summary>
    public async Task<SlackCall> WaitForAsync(Func<SlackCall, bool> match, string what, TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? Timeout);
        while (true)
        {
            var changed = Volatile.Read(ref _changed).Task;
            if (_calls.FirstOrDefault(match) is { } call)
            {
                return call;
            }

            try
            {
                await changed.WaitAsync(cts.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"Slack never saw {what}. Calls:\n{string.Join("\n", _calls.Select(c => c.ToString()))}");
            }
        }
    }

    /// <summary>The next Socket Mode connection the client opened (<see cref="ScriptedSockets"/>); fails after a timeout.</summary>
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

    /// <summary>Waits until a client connected over Socket Mode and was greeted.</summary>
    public Task WaitForSocketAsync() => _socketHello.Task.WaitAsync(Timeout);

    /// <summary>Sends a Socket Mode envelope on the latest connection and returns its ack's payload (or an empty element).</summary>
    public async Task<JsonElement> SendEnvelopeAsync(string type, object payload)
    {
        var socket = _socket ?? throw new InvalidOperationException("No Socket Mode connection: await WaitForSocketAsync first.");
        var id = $"env-{Interlocked.Increment(ref _envelopes)}";
        var ack = new TaskCompletionSource<JsonElement>(TaskCreationOptions.RunContinuationsAsynchronously);
        _acks[id] = ack;
        await socket.SendAsync(JsonSerializer.Serialize(new { envelope_id = id, type, payload, accepts_response_payload = type == "slash_commands" }));
        return await ack.Task.WaitAsync(TimeSpan.FromSeconds(3));
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        _socket?.Drop();
        await _app.StopAsync();
        await _app.DisposeAsync();
        _stopping.Dispose();
    }

    private void Record(SlackCall call)
    {
        _calls.Enqueue(call);
        _unread.Writer.TryWrite(call);
        Interlocked.Exchange(ref _changed, new(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
    }

    private async Task AnswerAsync(string method, HttpContext context, bool api)
    {
        var request = context.Request;
        using var reader = new StreamReader(request.Body);
        var body = await reader.ReadToEndAsync(context.RequestAborted);
        var response = _responses.TryGetValue(method, out var queue) && queue.TryDequeue(out var queued) ? queued
            : api && Failure(method) is { } status ? Failed(status)
            : null;
        var json = ParseJson(request.ContentType, body);
        var form = request.HasFormContentType
            ? QueryHelpers.ParseQuery(body).ToDictionary(p => p.Key, p => p.Value.ToString(), StringComparer.Ordinal)
            : new Dictionary<string, string>(StringComparer.Ordinal);
        var call = new SlackCall(method, body, json, response is { Status: not 200 } ? response.Status : null)
        {
            ContentType = request.ContentType,
            Authorization = request.Headers.Authorization.Count > 0 ? request.Headers.Authorization.ToString() : null,
            Form = form,
        };
        Record(call);
        if (response is null && api && method == "chat.postMessage")
        {
            // Kept for conversations.history/replies, and answered as PostAnswerDelay / LosePostAnswers say.
            response = await PostedAsync(call);
        }

        response ??= api ? Ok(Default(call)) : new FakeResponse(200, "ok");

        if (response.Hang)
        {
            try
            {
                await Task.Delay(System.Threading.Timeout.Infinite, context.RequestAborted);
            }
            catch (OperationCanceledException)
            {
            }

            return;
        }

        context.Response.StatusCode = response.Status;
        foreach (var (name, value) in response.Headers ?? new Dictionary<string, string>())
        {
            context.Response.Headers[name] = value;
        }

        context.Response.ContentType = response.Body.StartsWith('{') ? "application/json; charset=utf-8" : "text/plain; charset=utf-8";
        await context.Response.WriteAsync(response.Body, context.RequestAborted);
    }

    private FakeResponse Failed(int status) => status == 429
        ? new FakeResponse(429, """{"ok":false,"error":"ratelimited"}""", new Dictionary<string, string> { ["Retry-After"] = RetryAfter })
        : new FakeResponse(status, "");

    private static FakeResponse Ok(object answer) => FakeResponse.Ok(JsonSerializer.Serialize(answer));

    private object Default(SlackCall call) => call.Method switch
    {
        "chat.update" => new { ok = true, channel = call.Channel, ts = call.Ts },
        "chat.postEphemeral" => new { ok = true, message_ts = NextTs() },
        "usergroups.list" => new { ok = true, usergroups = Groups.Keys.Select(id => new { id, handle = id.ToLowerInvariant(), name = id }) },
        "usergroups.users.list" => Groups.TryGetValue(call.Str("usergroup") ?? "", out var users)
            ? new { ok = true, users }
            : new { ok = false, error = "no_such_subteam" },
        "users.info" => new { ok = true, user = new { id = call.Str("user"), name = "someone" } },
        "conversations.info" => new { ok = true, channel = new { id = call.Str("channel"), name = call.Str("channel")?.ToLowerInvariant(), is_member = true } },
        "views.open" => OpenView(call),
        "conversations.open" => OpenDirectMessage(call),
        "apps.connections.open" => new { ok = true, url = SocketUrl(Interlocked.Increment(ref _socketCount)) },
        "conversations.history" or "conversations.replies" => History(call),
        _ => new { ok = false, error = "unknown_method" },
    };

    private string SocketUrl(int n) => new UriBuilder(BaseUrl) { Scheme = "ws", Path = $"/socket/{n}" }.Uri.ToString();

    private async Task SocketAsync(HttpContext context)
    {
        if (!context.WebSockets.IsWebSocketRequest)
        {
            context.Response.StatusCode = 400;
            return;
        }

        using var socket = await context.WebSockets.AcceptWebSocketAsync();
        using var fake = new FakeSocket(socket, int.Parse((string)context.Request.RouteValues["n"]!, CultureInfo.InvariantCulture));
        if (ScriptedSockets)
        {
            _sockets.Writer.TryWrite(fake);
            await fake.RunAsync(_stopping.Token);
            return;
        }

        var run = fake.RunAsync(_stopping.Token);
        await fake.SendAsync("""{"type":"hello","num_connections":1,"debug_info":{"host":"fake"},"connection_info":{"app_id":"A1"}}""");
        _socket = fake;
        _socketHello.TrySetResult();
        await foreach (var text in fake.Received.ReadAllAsync(CancellationToken.None))
        {
            using var ack = JsonDocument.Parse(text);
            var root = ack.RootElement;
            if (Str(root, "envelope_id") is { } id && _acks.TryRemove(id, out var waiter))
            {
                waiter.TrySetResult(root.TryGetProperty("payload", out var p) ? p.Clone() : default);
            }
        }

        await run;
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

    private static JsonElement ParseJson(string? contentType, string body)
    {
        if (contentType?.StartsWith("application/json", StringComparison.Ordinal) != true)
        {
            return default;
        }

        try
        {
            using var document = JsonDocument.Parse(body);
            return document.RootElement.Clone();
        }
        catch (JsonException)
        {
            return default; // recorded as sent; the test sees Json undefined and can assert on Body
        }
    }

    private static string? Str(JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
}
