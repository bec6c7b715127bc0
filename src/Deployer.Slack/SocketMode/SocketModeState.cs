namespace Deployer.Slack.SocketMode;

/// <summary>Whether a Socket Mode connection is ready (said hello) now, and since when that has been so; for health probes.</summary>
public sealed class SocketModeState
{
    private Snapshot _state = new(false, null);

    public bool Connected => Volatile.Read(ref _state).Connected;

    /// <summary>When the current state began; null before the first connection was ready.</summary>
    public DateTimeOffset? Since => Volatile.Read(ref _state).Since;

    internal void Set(bool connected, DateTimeOffset at)
    {
        var current = Volatile.Read(ref _state);
        if (current.Connected != connected || current.Since is null)
        {
            Volatile.Write(ref _state, new Snapshot(connected, at));
        }
    }

    private sealed record Snapshot(bool Connected, DateTimeOffset? Since);
}
