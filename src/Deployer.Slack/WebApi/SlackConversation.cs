namespace Deployer.Slack.WebApi;

/// <summary>The parts of a <c>conversations.info</c> channel the app cares about.</summary>
public sealed record SlackConversation(string Id, string? Name)
{
    /// <summary>True for private channels.</summary>
    public bool IsPrivate { get; init; }

    /// <summary>True for archived channels.</summary>
    public bool IsArchived { get; init; }

    /// <summary>True when the bot is a member.</summary>
    public bool IsMember { get; init; }
}
