using System.Net.WebSockets;
using System.Threading.Channels;
using static Deployer.Slack.SocketMode.SocketModeSignals;
using Deployer.Slack.WebApi;
using Microsoft.Extensions.Logging;

namespace Deployer.Slack.SocketMode;

/// <summary>
/// The background side of a <see cref="SocketModeSession"/>: opens connections, reads them and times their hello, reporting
/// everything back as signals instead of touching session state; every task is tracked so shutdown can wait for it.
/// </summary>
internal sealed class SocketModeWorkers
{
    private readonly ISlackApiClient _api;
    private readonly SlackOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly ChannelWriter<Signal> _signals;
    private readonly List<Task> _background = [];

    public SocketModeWorkers(ISlackApiClient api, SlackOptions options, TimeProvider timeProvider, ILogger logger, ChannelWriter<Signal> signals)
    {
        _api = api;
        _options = options;
        _timeProvider = timeProvider;
        _logger = logger;
        _signals = signals;
    }

    /// <summary>After <paramref name="delay"/>, asks Slack for a URL and connects: <see cref="Opened"/> or <see cref="OpenFailed"/>.</summary>
    public void Open(int id, TimeSpan delay, CancellationToken cancellationToken) => Track(OpenAsync(id, delay, cancellationToken));

    /// <summary>Reads <paramref name="connection"/> into <see cref="Received"/> signals until it ends, then signals <see cref="Closed"/>.</summary>
    public Task StartReading(SocketModeConnection connection, CancellationToken cancellationToken)
    {
        var reading = ReadLoopAsync(connection, cancellationToken);
        Track(reading);
        return reading;
    }

    /// <summary>Signals <see cref="HelloTimedOut"/> once the hello timeout has passed; the session decides whether it still matters.</summary>
    public void StartHelloTimer(SocketModeConnection connection, CancellationToken cancellationToken) => Track(HelloTimerAsync(connection, cancellationToken));

    public void Track(Task task)
    {
        lock (_background)
        {
            _background.RemoveAll(t => t.IsCompleted);
            _background.Add(task);
        }
    }

    /// <summary>Waits for every tracked task (call after cancelling them); their errors at that point are only logged.</summary>
    public async Task DrainAsync()
    {
        Task[] pending;
        lock (_background)
        {
            pending = [.. _background];
        }

        try
        {
            await Task.WhenAll(pending);
        }
        catch (Exception ex) when (pending.All(t => t.IsCompleted))
        {
            _logger.LogDebug(ex, "A Slack Socket Mode background task ended with an error at shutdown");
        }
    }

    private async Task OpenAsync(int id, TimeSpan delay, CancellationToken cancellationToken)
    {
        try
        {
            if (delay > TimeSpan.Zero)
            {
                await Task.Delay(delay, _timeProvider, cancellationToken);
            }

            var url = await _api.OpenSocketModeConnectionAsync(cancellationToken);
            _signals.TryWrite(new Opened(await SocketModeConnection.ConnectAsync(id, url, _options, cancellationToken)));
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        catch (Exception ex)
        {
            _signals.TryWrite(new OpenFailed(ex));
        }
    }

    private async Task ReadLoopAsync(SocketModeConnection connection, CancellationToken cancellationToken)
    {
        try
        {
            await connection.ReadAsync(json => _signals.TryWrite(new Received(connection, json)), cancellationToken);
            _logger.LogDebug("Slack Socket Mode connection {Connection} closed", connection.Id);
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or ObjectDisposedException)
        {
            if (!cancellationToken.IsCancellationRequested)
            {
                _logger.LogInformation("Slack Socket Mode connection {Connection} ended: {Error}", connection.Id, ex.Message);
            }
        }
        finally
        {
            _signals.TryWrite(new Closed(connection));
        }
    }

    private async Task HelloTimerAsync(SocketModeConnection connection, CancellationToken cancellationToken)
    {
        try
        {
            await Task.Delay(_options.SocketModeHelloTimeout, _timeProvider, cancellationToken);
            _signals.TryWrite(new HelloTimedOut(connection));
        }
        catch (OperationCanceledException)
        {
        }
    }
}
