namespace Deployer.Slack.Inbound;

/// <summary>A <c>block_actions</c> interaction: a user pressed a button in a message.</summary>
public sealed record BlockActionsPayload
{
    /// <summary>The user who acted.</summary>
    public required string UserId { get; init; }

    /// <summary>The user's handle, informational only.</summary>
    public string? UserName { get; init; }

    /// <summary>The workspace id.</summary>
    public string? TeamId { get; init; }

    /// <summary>The channel of the source message.</summary>
    public string? ChannelId { get; init; }

    /// <summary>The ts of the source message (update it through <see cref="ResponseUrl"/> or chat.update).</summary>
    public string? MessageTs { get; init; }

    /// <summary>Where replies or a replacement of the source message may be posted.</summary>
    public string? ResponseUrl { get; init; }

    /// <summary>Short-lived id for opening a modal.</summary>
    public string? TriggerId { get; init; }

    /// <summary>The app id.</summary>
    public string? ApiAppId { get; init; }

    /// <summary>The actions, usually exactly one.</summary>
    public required IReadOnlyList<BlockAction> Actions { get; init; }
}
