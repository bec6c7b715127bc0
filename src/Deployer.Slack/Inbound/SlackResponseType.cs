using System.Text.Json.Serialization;

namespace Deployer.Slack.Inbound;

/// <summary>Who sees a reply to a slash command or interaction.</summary>
public enum SlackResponseType
{
    /// <summary>Only the invoking user.</summary>
    [JsonStringEnumMemberName("ephemeral")]
    Ephemeral,

    /// <summary>Everyone in the channel.</summary>
    [JsonStringEnumMemberName("in_channel")]
    InChannel,
}
