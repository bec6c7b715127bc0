using System.Net.WebSockets;
using System.Text;

namespace Deployer.Slack.SocketMode;

/// <summary>One Socket Mode WebSocket: serialized sends (ClientWebSocket allows one at a time) and a message-assembling reader.</summary>
internal sealed class SocketModeConnection : IDisposable
{
    private const int MaxMessageBytes = 4 << 20;
    private readonly ClientWebSocket _socket;
    private readonly SemaphoreSlim _sendLock = new(1, 1);

    public SocketModeConnection(int id, ClientWebSocket socket)
    {
        Id = id;
        _socket = socket;
    }

    public int Id { get; }

    /// <summary>Connects to a URL from apps.connections.open, with keep-alive pings and the HTTP timeout.</summary>
    public static async Task<SocketModeConnection> ConnectAsync(int id, Uri url, SlackOptions options, CancellationToken cancellationToken)
    {
        var socket = new ClientWebSocket();
        try
        {
            socket.Options.KeepAliveInterval = options.SocketModeKeepAliveInterval;
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(options.HttpTimeout);
            await socket.ConnectAsync(url, timeout.Token);
            return new SocketModeConnection(id, socket);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    public bool SaidHello { get; set; }

    /// <summary>The read loop; completes when the socket closes or drops.</summary>
    public Task Reading { get; set; } = Task.CompletedTask;

    public bool IsOpen => _socket.State == WebSocketState.Open;

    public async Task SendAsync(string json, CancellationToken cancellationToken)
    {
        await _sendLock.WaitAsync(cancellationToken);
        try
        {
            await _socket.SendAsync(Encoding.UTF8.GetBytes(json), WebSocketMessageType.Text, endOfMessage: true, cancellationToken);
        }
        finally
        {
            _sendLock.Release();
        }
    }

    /// <summary>Reads text messages until the peer closes; throws when the connection drops.</summary>
    public async Task ReadAsync(Action<string> onMessage, CancellationToken cancellationToken)
    {
        var buffer = new byte[16 * 1024];
        using var message = new MemoryStream();
        while (true)
        {
            var result = await _socket.ReceiveAsync(buffer.AsMemory(), cancellationToken);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                if (_socket.State == WebSocketState.CloseReceived)
                {
                    await CloseOutputAsync("closing", cancellationToken);
                }

                return;
            }

            message.Write(buffer, 0, result.Count);
            if (message.Length > MaxMessageBytes)
            {
                throw new WebSocketException(WebSocketError.Faulted, "Socket Mode message too large.");
            }

            if (result.EndOfMessage)
            {
                if (result.MessageType == WebSocketMessageType.Text)
                {
                    onMessage(Encoding.UTF8.GetString(message.GetBuffer(), 0, (int)message.Length));
                }

                message.SetLength(0);
            }
        }
    }

    public async Task CloseOutputAsync(string reason, CancellationToken cancellationToken)
    {
        await _sendLock.WaitAsync(cancellationToken);
        try
        {
            if (_socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
            {
                await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, reason, cancellationToken);
            }
        }
        finally
        {
            _sendLock.Release();
        }
    }

    /// <summary>Sends a close frame and waits for the reader to see the peer's; aborts when that takes longer than <paramref name="timeout"/>.</summary>
    public async Task CloseGracefullyAsync(string reason, TimeSpan timeout, TimeProvider timeProvider)
    {
        try
        {
            using var cts = new CancellationTokenSource(timeout, timeProvider);
            await CloseOutputAsync(reason, cts.Token);
            await Reading.WaitAsync(timeout, timeProvider);
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or TimeoutException or ObjectDisposedException)
        {
            Abort();
        }
    }

    public void Abort() => _socket.Abort();

    public void Dispose()
    {
        _socket.Dispose();
        _sendLock.Dispose();
    }
}
