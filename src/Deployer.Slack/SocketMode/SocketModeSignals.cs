namespace Deployer.Slack.SocketMode;

/// <summary>What happens to a Socket Mode session, queued to its single reader loop.</summary>
internal static class SocketModeSignals
{
    internal abstract record Signal;

    internal sealed record Opened(SocketModeConnection Connection) : Signal;

    internal sealed record OpenFailed(Exception Error) : Signal;

    internal sealed record Received(SocketModeConnection Connection, string Json) : Signal;

    internal sealed record Closed(SocketModeConnection Connection) : Signal;

    internal sealed record HelloTimedOut(SocketModeConnection Connection) : Signal;
}
