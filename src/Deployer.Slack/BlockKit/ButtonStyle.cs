using System.Text.Json.Serialization;

namespace Deployer.Slack.BlockKit;

/// <summary>The colour of a button or a confirm dialog's confirm button.</summary>
public enum ButtonStyle
{
    /// <summary>Green: the expected action.</summary>
    [JsonStringEnumMemberName("primary")]
    Primary,

    /// <summary>Red: a destructive action.</summary>
    [JsonStringEnumMemberName("danger")]
    Danger,
}
