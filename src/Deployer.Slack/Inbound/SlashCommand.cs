namespace Deployer.Slack.Inbound;

/// <summary>A slash command invocation (<c>/deploy status</c>), from an HTTP form or a Socket Mode payload.</summary>
public sealed record SlashCommand
{
    /// <summary>The command, with its slash: <c>/deploy</c>.</summary>
    public required string Command { get; init; }

    /// <summary>Everything the user typed after the command (may be empty).</summary>
    public required string Text { get; init; }

    /// <summary>The invoking user's id.</summary>
    public required string UserId { get; init; }

    /// <summary>The channel the command was typed in.</summary>
    public required string ChannelId { get; init; }

    /// <summary>The workspace id.</summary>
    public required string TeamId { get; init; }

    /// <summary>Where replies may be posted (5 times within 30 minutes).</summary>
    public required string ResponseUrl { get; init; }

    /// <summary>Short-lived id for opening a modal.</summary>
    public string? TriggerId { get; init; }

    /// <summary>The channel's name.</summary>
    public string? ChannelName { get; init; }

    /// <summary>The app the command belongs to.</summary>
    public string? ApiAppId { get; init; }

    /// <summary>The Enterprise Grid organization, when there is one.</summary>
    public string? EnterpriseId { get; init; }

    /// <summary>True for an org-wide install.</summary>
    public bool IsEnterpriseInstall { get; init; }

    /// <summary>Deprecated by Slack; informational only, never use it for identity.</summary>
    public string? UserName { get; init; }
}
