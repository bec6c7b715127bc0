namespace Deployer.Slack.SocketMode;

/// <summary>Why <see cref="SocketModeClient.RunAsync"/> returned.</summary>
public enum SocketModeStopReason
{
    /// <summary>The caller's token was cancelled (host shutdown).</summary>
    Cancelled,

    /// <summary>Slack sent <c>disconnect</c> with reason <c>link_disabled</c>: Socket Mode was turned off for the app; reconnecting will not help.</summary>
    LinkDisabled,
}
