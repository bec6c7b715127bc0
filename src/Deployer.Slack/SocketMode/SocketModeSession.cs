using System.Text.Json;
using System.Threading.Channels;
using static Deployer.Slack.SocketMode.SocketModeSignals;
using Deployer.Slack.Inbound;
using Deployer.Slack.WebApi;
using Microsoft.Extensions.Logging;

namespace Deployer.Slack.SocketMode;

/// <summary>
/// One run of Socket Mode as a single-threaded state machine fed by signals (opened, message, closed…), so connection
/// switch-over needs no locks: the old socket keeps being read until the new one said hello. The tasks that produce the
/// signals (opening, reading, hello timers, dispatch) run in <see cref="SocketModeWorkers"/>.
/// </summary>
internal sealed class SocketModeSession
{
    private static readonly TimeSpan CloseTimeout = TimeSpan.FromSeconds(5);

    private readonly SocketModeDispatcher _dispatcher;
    private readonly SlackOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly EventDeduplicator _envelopes;
    private readonly ReconnectBackoff _backoff;
    private readonly Channel<Signal> _signals = Channel.CreateUnbounded<Signal>();
    private readonly List<SocketModeConnection> _connections = [];
    private readonly SocketModeWorkers _workers;
    private SocketModeConnection? _active;
    private SocketModeConnection? _pending;
    private bool _opening;
    private int _nextId;
    private CancellationToken _token;

    private readonly SocketModeState? _state;

    public SocketModeSession(ISlackApiClient api, SocketModeDispatcher dispatcher, SlackOptions options, TimeProvider timeProvider, ILogger logger, SocketModeState? state = null)
    {
        _state = state;
        _dispatcher = dispatcher;
        _options = options;
        _timeProvider = timeProvider;
        _logger = logger;
        _backoff = new ReconnectBackoff(options.SocketModeMinReconnectDelay, options.SocketModeMaxReconnectDelay);
        _envelopes = new EventDeduplicator(timeProvider, options.DeduplicationWindow, options.DeduplicationCapacity);
        _workers = new SocketModeWorkers(api, options, timeProvider, logger, _signals.Writer);
    }

    public async Task<SocketModeStopReason> RunAsync(CancellationToken cancellationToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        _token = stop.Token;
        try
        {
            RequestOpen(TimeSpan.Zero);
            while (true)
            {
                Signal signal;
                try
                {
                    signal = await _signals.Reader.ReadAsync(_token);
                }
                catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
                {
                    return SocketModeStopReason.Cancelled;
                }

                if (Handle(signal) is { } reason)
                {
                    return reason;
                }
            }
        }
        finally
        {
            await stop.CancelAsync();
            await ShutdownAsync();
        }
    }

    private SocketModeStopReason? Handle(Signal signal)
    {
        switch (signal)
        {
            case Opened opened:
                OnOpened(opened.Connection);
                break;
            case OpenFailed failed:
                OnOpenFailed(failed.Error);
                break;
            case Received received:
                return OnMessage(received.Connection, received.Json);
            case Closed closed:
                OnClosed(closed.Connection);
                break;
            case HelloTimedOut timedOut when timedOut.Connection == _pending && !timedOut.Connection.SaidHello:
                _logger.LogWarning("Slack Socket Mode connection {Connection} sent no hello within {Timeout}; dropping it", timedOut.Connection.Id, _options.SocketModeHelloTimeout);
                timedOut.Connection.Abort();
                break;
        }

        return null;
    }

    private void OnOpened(SocketModeConnection connection)
    {
        _opening = false;
        _pending = connection;
        _connections.Add(connection);
        connection.Reading = _workers.StartReading(connection, _token);
        _workers.StartHelloTimer(connection, _token);
    }

    private void OnOpenFailed(Exception error)
    {
        _opening = false;
        if (error is SlackApiException or InvalidOperationException)
        {
            // A refused token or missing configuration will not fix itself by retrying.
            throw error;
        }

        var delay = _backoff.Next();
        _logger.LogWarning(error, "Opening a Slack Socket Mode connection failed; retrying in {Delay}", delay);
        RequestOpen(delay);
    }

    private SocketModeStopReason? OnMessage(SocketModeConnection connection, string json)
    {
        JsonElement root;
        try
        {
            using var document = JsonDocument.Parse(json);
            root = document.RootElement.Clone();
        }
        catch (JsonException ex)
        {
            _logger.LogWarning(ex, "Ignoring a Slack Socket Mode message that is not JSON");
            return null;
        }

        if (root.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        var type = Str(root, "type");
        if (Str(root, "envelope_id") is { } envelopeId)
        {
            if (_envelopes.TryMarkSeen(envelopeId))
            {
                _workers.Track(_dispatcher.DispatchAsync(connection, envelopeId, root, () => _active, _token));
            }
            else
            {
                _logger.LogInformation("Ignoring redelivered Slack envelope {EnvelopeId}: already handled", envelopeId);
            }

            return null;
        }

        switch (type)
        {
            case "hello":
                OnHello(connection);
                break;
            case "disconnect":
                var reason = Str(root, "reason");
                if (reason == "link_disabled")
                {
                    _logger.LogError("Slack disabled the Socket Mode link for this app (disconnect: link_disabled); stopping");
                    return SocketModeStopReason.LinkDisabled;
                }

                _logger.LogInformation("Slack asked connection {Connection} to disconnect ({Reason}); opening a new one", connection.Id, reason);
                if (connection == _active && _pending is null && !_opening)
                {
                    RequestOpen(TimeSpan.Zero);
                }

                break;
            default:
                _logger.LogDebug("Ignoring Slack Socket Mode message of type {Type}", type);
                break;
        }

        return null;
    }

    private void OnHello(SocketModeConnection connection)
    {
        connection.SaidHello = true;
        if (connection != _pending)
        {
            return;
        }

        var previous = _active;
        _active = connection;
        _pending = null;
        _backoff.Reset();
        _state?.Set(true, _timeProvider.GetUtcNow());
        _logger.LogInformation("Slack Socket Mode connection {Connection} is ready", connection.Id);
        if (previous is not null)
        {
            _workers.Track(previous.CloseGracefullyAsync("refreshed", CloseTimeout, _timeProvider));
        }
    }

    private void OnClosed(SocketModeConnection connection)
    {
        _connections.Remove(connection);
        connection.Dispose();
        if (connection == _active)
        {
            _active = null;
            _state?.Set(false, _timeProvider.GetUtcNow());
            if (_pending is null && !_opening)
            {
                var delay = _backoff.Next();
                _logger.LogWarning("Slack Socket Mode connection {Connection} dropped; reconnecting in {Delay}", connection.Id, delay);
                RequestOpen(delay);
            }
        }
        else if (connection == _pending)
        {
            _pending = null;
            if (!_opening)
            {
                var delay = _backoff.Next();
                _logger.LogWarning("New Slack Socket Mode connection {Connection} closed before hello; retrying in {Delay}", connection.Id, delay);
                RequestOpen(delay);
            }
        }
    }

    private void RequestOpen(TimeSpan delay)
    {
        _opening = true;
        _workers.Open(++_nextId, delay, _token);
    }

    private async Task ShutdownAsync()
    {
        await Task.WhenAll(_connections.Select(c => c.CloseGracefullyAsync("shutdown", TimeSpan.FromSeconds(1), _timeProvider)));
        await _workers.DrainAsync();

        foreach (var connection in _connections)
        {
            connection.Dispose();
        }
    }

    private static string? Str(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
