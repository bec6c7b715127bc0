using System.Net.WebSockets;
using System.Text;
using System.Threading.Channels;

namespace Deployer.Testing;

/// <summary>The server side of one Socket Mode connection, scripted by a test; disposed by the server when the connection ends.</summary>
public sealed class FakeSocket : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);
    private readonly WebSocket _socket;
    private readonly Channel<string> _received = Channel.CreateUnbounded<string>();
    private readonly TaskCompletionSource _finished = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly SemaphoreSlim _sendLock = new(1, 1);

    public FakeSocket(WebSocket socket, int number)
    {
        _socket = socket;
        Number = number;
        ClientClosed = _finished.Task;
    }

    /// <summary>1 for the first connection, 2 for the second…</summary>
    public int Number { get; }

    /// <summary>Completes when the client closed (or the connection dropped).</summary>
    public Task ClientClosed { get; }

    /// <summary>What the client sent, for the server's own reader when the test does not script this socket.</summary>
    internal ChannelReader<string> Received => _received.Reader;

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var buffer = new byte[64 * 1024];
        using var message = new MemoryStream();
        try
        {
            while (true)
            {
                var result = await _socket.ReceiveAsync(buffer, cancellationToken);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    if (_socket.State == WebSocketState.CloseReceived)
                    {
                        await _sendLock.WaitAsync(cancellationToken);
                        try
                        {
                            await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "bye", cancellationToken);
                        }
                        finally
                        {
                            _sendLock.Release();
                        }
                    }

                    break;
                }

                message.Write(buffer, 0, result.Count);
                if (result.EndOfMessage)
                {
                    _received.Writer.TryWrite(Encoding.UTF8.GetString(message.ToArray()));
                    message.SetLength(0);
                }
            }
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException)
        {
        }
        finally
        {
            _received.Writer.TryComplete();
            _finished.TrySetResult();
        }
    }

    public async Task SendAsync(string json)
    {
        await _sendLock.WaitAsync();
        try
        {
            await _socket.SendAsync(Encoding.UTF8.GetBytes(json), WebSocketMessageType.Text, true, CancellationToken.None);
        }
        finally
        {
            _sendLock.Release();
        }
    }

    public Task SendHelloAsync() => SendAsync("""{"type":"hello","num_connections":1,"debug_info":{"host":"fake"},"connection_info":{"app_id":"A1"}}""");

    public Task SendDisconnectAsync(string reason) => SendAsync("{\"type\":\"disconnect\",\"reason\":\"" + reason + "\",\"debug_info\":{\"host\":\"fake\"}}");

    /// <summary>The next message the client sent; fails the test after a timeout.</summary>
    public async Task<string> ReceiveAsync()
    {
        using var cts = new CancellationTokenSource(Timeout);
        try
        {
            return await _received.Reader.ReadAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"Fake socket {Number} received nothing within {Timeout}.");
        }
        catch (ChannelClosedException)
        {
            throw new InvalidOperationException($"Fake socket {Number} was closed by the client.");
        }
    }

    /// <summary>Everything received and not yet read, once the connection ended.</summary>
    public async Task<IReadOnlyList<string>> RemainingAfterCloseAsync()
    {
        await ClientClosed.WaitAsync(Timeout);
        var rest = new List<string>();
        while (_received.Reader.TryRead(out var item))
        {
            rest.Add(item);
        }

        return rest;
    }

    /// <summary>Drops the TCP connection without a close handshake.</summary>
    public void Drop() => _socket.Abort();

    public void Dispose() => _sendLock.Dispose();
}
