using System.ComponentModel.DataAnnotations;

namespace Deployer.Bot.ChatOps;

/// <summary>Timings of the chat side (section <c>ChatOps</c>); durations are written <c>30m</c> or <c>00:30:00</c> (see <see cref="DurationBinding"/>).</summary>
public sealed class ChatOpsOptions
{
    public const string Section = "ChatOps";

    /// <summary>How often the outbox dispatcher runs (it is also woken whenever a message is queued).</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:10:00", ErrorMessage = "ChatOps:OutboxInterval must be between 10ms and 10 minutes")]
    public TimeSpan OutboxInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Minimum spacing of messages (posts and updates) to one channel; Slack allows about one per second.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:01:00", ErrorMessage = "ChatOps:ChannelInterval must be between 0 and 1 minute")]
    public TimeSpan ChannelInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How often pending force-promote requests are checked for expiry.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "01:00:00", ErrorMessage = "ChatOps:ApprovalExpiryInterval must be between 10ms and 1 hour")]
    public TimeSpan ApprovalExpiryInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long user group members are remembered.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "1.00:00:00", ErrorMessage = "ChatOps:GroupCacheDuration must be between 0 and 1 day")]
    public TimeSpan GroupCacheDuration { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>In Console mode, read commands from standard input.</summary>
    public bool ReadConsole { get; set; } = true;

    /// <summary>Longest wait before a message that Slack refused for a while is tried again.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "01:00:00", ErrorMessage = "ChatOps:MaxRetryDelay must be between 10ms and 1 hour")]
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromMinutes(5);
}
