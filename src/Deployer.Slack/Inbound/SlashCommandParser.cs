using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using Microsoft.Extensions.Primitives;

namespace Deployer.Slack.Inbound;

/// <summary>Reads a <see cref="SlashCommand"/> from a urlencoded form body (HTTP) or a JSON object (Socket Mode).</summary>
public static class SlashCommandParser
{
    /// <summary>Parses an <c>application/x-www-form-urlencoded</c> body; false when a required field is missing or the form is malformed.</summary>
    public static bool TryParseForm(string formBody, [NotNullWhen(true)] out SlashCommand? command)
    {
        ArgumentNullException.ThrowIfNull(formBody);
        if (!FormBody.TryRead(formBody, out var form, out _))
        {
            command = null;
            return false;
        }

        return TryCreate(name => form.TryGetValue(name, out var v) && !StringValues.IsNullOrEmpty(v) ? v.ToString() : null, out command);
    }

    /// <summary>Parses the JSON object Socket Mode delivers for <c>slash_commands</c>.</summary>
    public static bool TryParseJson(JsonElement payload, [NotNullWhen(true)] out SlashCommand? command)
    {
        if (payload.ValueKind != JsonValueKind.Object)
        {
            command = null;
            return false;
        }

        return TryCreate(name => payload.TryGetProperty(name, out var v) ? ToText(v) : null, out command);
    }

    private static string? ToText(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString(),
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        JsonValueKind.Number => value.GetRawText(),
        _ => null,
    };

    private static bool TryCreate(Func<string, string?> field, [NotNullWhen(true)] out SlashCommand? command)
    {
        command = null;
        var name = field("command");
        var userId = field("user_id");
        var channelId = field("channel_id");
        var teamId = field("team_id");
        var responseUrl = field("response_url");
        if (name is null || userId is null || channelId is null || teamId is null || responseUrl is null)
        {
            return false;
        }

        command = new SlashCommand
        {
            Command = name,
            Text = field("text") ?? "",
            UserId = userId,
            ChannelId = channelId,
            TeamId = teamId,
            ResponseUrl = responseUrl,
            TriggerId = field("trigger_id"),
            ChannelName = field("channel_name"),
            ApiAppId = field("api_app_id"),
            EnterpriseId = field("enterprise_id"),
            IsEnterpriseInstall = string.Equals(field("is_enterprise_install"), "true", StringComparison.OrdinalIgnoreCase),
            UserName = field("user_name"),
        };
        return true;
    }
}
