using System.ComponentModel.DataAnnotations;

namespace Deployer.Bot.ChatOps;

/// <summary>Timings of the chat side (section <c>ChatOps</c>); durations are written <c>30m</c> or <c>00:30:00</c> (see <see cref="DurationBinding"/>).</summary>
public sealed class ChatOpsOptions
{
    public const string Section = "ChatOps";

    /// <summary>
    /// How often the outbox dispatcher runs (it is also woken whenever a message is queued). Pacing per channel and
    /// retries are the Slack client's (<c>Slack:PostMessageInterval</c>, <c>Slack:MaxRetries</c>, <c>Slack:MaxRetryAfter</c>).
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:10:00", ErrorMessage = "ChatOps:OutboxInterval must be between 10ms and 10 minutes")]
    public TimeSpan OutboxInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How often pending force-promote requests are checked for expiry.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "01:00:00", ErrorMessage = "ChatOps:ApprovalExpiryInterval must be between 10ms and 1 hour")]
    public TimeSpan ApprovalExpiryInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long user group members are remembered.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "1.00:00:00", ErrorMessage = "ChatOps:GroupCacheDuration must be between 0 and 1 day")]
    public TimeSpan GroupCacheDuration { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// At most this many approvers get a direct message about a new force-promote request (the rest are logged as left
    /// out; the channel message still reaches them); 0 sends none.
    /// </summary>
    [Range(0, 100, ErrorMessage = "ChatOps:ApproverDirectMessages must be between 0 and 100")]
    public int ApproverDirectMessages { get; set; } = 25;

    /// <summary>In Console mode, read commands from standard input.</summary>
    public bool ReadConsole { get; set; } = true;
}
