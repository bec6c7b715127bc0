namespace Deployer.Core.Commands;

/// <summary>Who typed a command or pressed a button: a Slack user id, or the local console user who holds every role.</summary>
public sealed record Caller(string UserId, bool IsLocal = false)
{
    /// <summary>The console user: every role, every service.</summary>
    public static Caller Local { get; } = new("local", IsLocal: true);
}
