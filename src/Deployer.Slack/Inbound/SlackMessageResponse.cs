using Deployer.Slack.BlockKit;

namespace Deployer.Slack.Inbound;

/// <summary>A reply body for a slash-command ack, a Socket Mode ack payload or a response_url post.</summary>
public sealed record SlackMessageResponse
{
    /// <summary>Ephemeral (default on Slack's side) or in_channel.</summary>
    public SlackResponseType? ResponseType { get; init; }

    /// <summary>The text, or fallback text when blocks are present.</summary>
    public string? Text { get; init; }

    /// <summary>Block Kit layout.</summary>
    public IReadOnlyList<Block>? Blocks { get; init; }

    /// <summary>Replace the message the interaction came from (response_url only).</summary>
    public bool? ReplaceOriginal { get; init; }

    /// <summary>Delete the message the interaction came from (response_url only).</summary>
    public bool? DeleteOriginal { get; init; }

    /// <summary>Reply in this thread.</summary>
    public string? ThreadTs { get; init; }

    /// <summary>Visible only to the invoking user.</summary>
    public static SlackMessageResponse Ephemeral(SlackMessage message) => From(message, SlackResponseType.Ephemeral);

    /// <summary>Visible only to the invoking user.</summary>
    public static SlackMessageResponse Ephemeral(string text) => Ephemeral(new SlackMessage(text));

    /// <summary>Visible to the whole channel.</summary>
    public static SlackMessageResponse InChannel(SlackMessage message) => From(message, SlackResponseType.InChannel);

    /// <summary>Replaces the source message of an interaction.</summary>
    public static SlackMessageResponse Replace(SlackMessage message) => From(message, null) with { ReplaceOriginal = true };

    /// <summary>Deletes the source message of an interaction.</summary>
    public static SlackMessageResponse Delete() => new() { DeleteOriginal = true };

    private static SlackMessageResponse From(SlackMessage message, SlackResponseType? type)
    {
        ArgumentNullException.ThrowIfNull(message);
        return new SlackMessageResponse { ResponseType = type, Text = message.Text, Blocks = message.Blocks };
    }
}
