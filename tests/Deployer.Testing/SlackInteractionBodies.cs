using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Deployer.Testing;

/// <summary>
/// Interaction payloads shaped like Slack's (<c>view_submission</c>, <c>block_actions</c>), their
/// <c>payload=</c> form, and signed requests carrying them. The signature is computed here from Slack's documented
/// recipe (<c>v0=hex(HMAC-SHA256(secret, "v0:" + timestamp + ":" + body))</c>), independently of the code under test.
/// </summary>
public static class SlackInteractionBodies
{
    /// <summary>A <c>view_submission</c> payload (JSON) with <paramref name="fields"/> as <c>view.state.values</c>.</summary>
    public static string ViewSubmission(string userId, string callbackId, IEnumerable<SlackViewField> fields, string? privateMetadata = null, string viewId = "V0000TEST", string teamId = "T1")
    {
        ArgumentNullException.ThrowIfNull(fields);
        var values = new JsonObject();
        foreach (var field in fields)
        {
            var block = values[field.BlockId] as JsonObject ?? new JsonObject();
            values[field.BlockId] = block;
            block[field.ActionId] = field.Type == "static_select"
                ? new JsonObject
                {
                    ["type"] = "static_select",
                    ["selected_option"] = field.Value is null ? null : new JsonObject
                    {
                        ["text"] = new JsonObject { ["type"] = "plain_text", ["text"] = field.Value, ["emoji"] = true },
                        ["value"] = field.Value,
                    },
                }
                : new JsonObject { ["type"] = field.Type, ["value"] = field.Value };
        }

        var payload = new JsonObject
        {
            ["type"] = "view_submission",
            ["team"] = new JsonObject { ["id"] = teamId, ["domain"] = "example" },
            ["user"] = new JsonObject { ["id"] = userId, ["username"] = userId.ToLowerInvariant(), ["name"] = userId.ToLowerInvariant(), ["team_id"] = teamId },
            ["api_app_id"] = "A0000TEST",
            ["token"] = "deprecated-verification-token",
            ["trigger_id"] = "1111.2222.trigger",
            ["view"] = new JsonObject
            {
                ["id"] = viewId,
                ["team_id"] = teamId,
                ["type"] = "modal",
                ["blocks"] = new JsonArray(),
                ["private_metadata"] = privateMetadata ?? "",
                ["callback_id"] = callbackId,
                ["state"] = new JsonObject { ["values"] = values },
                ["hash"] = "156772938.1827394",
                ["title"] = new JsonObject { ["type"] = "plain_text", ["text"] = "Test" },
                ["app_id"] = "A0000TEST",
                ["bot_id"] = "B0000TEST",
            },
            ["response_urls"] = new JsonArray(),
            ["is_enterprise_install"] = false,
        };
        return payload.ToJsonString();
    }

    /// <summary>A <c>block_actions</c> payload (JSON): <paramref name="userId"/> pressed the button <paramref name="actionId"/>.</summary>
    public static string BlockActions(string userId, string actionId, string? value, string? channelId = null, string? responseUrl = null, string? triggerId = "1111.2222.trigger", string messageTs = "1.1", string? blockId = null)
    {
        var payload = new JsonObject
        {
            ["type"] = "block_actions",
            ["team"] = new JsonObject { ["id"] = "T1", ["domain"] = "example" },
            ["user"] = new JsonObject { ["id"] = userId, ["username"] = userId.ToLowerInvariant(), ["team_id"] = "T1" },
            ["api_app_id"] = "A0000TEST",
            ["trigger_id"] = triggerId,
            ["container"] = new JsonObject { ["type"] = "message", ["message_ts"] = messageTs, ["channel_id"] = channelId },
            ["channel"] = channelId is null ? null : new JsonObject { ["id"] = channelId },
            ["response_url"] = responseUrl,
            ["actions"] = new JsonArray(new JsonObject
            {
                ["type"] = "button",
                ["action_id"] = actionId,
                ["block_id"] = blockId,
                ["value"] = value,
                ["action_ts"] = "1700000000.000001",
            }),
        };
        return payload.ToJsonString();
    }

    /// <summary>The urlencoded form Slack POSTs to the interactivity Request URL: <c>payload=&lt;json&gt;</c>.</summary>
    public static string Form(string payloadJson) => "payload=" + Uri.EscapeDataString(payloadJson);

    /// <summary>The <c>X-Slack-Signature</c> for <paramref name="body"/> sent at <paramref name="timestamp"/> (Unix seconds).</summary>
    public static string Signature(string signingSecret, long timestamp, string body)
    {
        var basestring = Encoding.UTF8.GetBytes($"v0:{timestamp.ToString(CultureInfo.InvariantCulture)}:{body}");
        return "v0=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(signingSecret), basestring));
    }

    /// <summary>A POST of the <c>payload=</c> form of <paramref name="payloadJson"/> to <paramref name="path"/>, signed at <paramref name="now"/>.</summary>
    public static HttpRequestMessage SignedInteraction(string path, string payloadJson, string signingSecret, DateTimeOffset now) =>
        SignedForm(path, Form(payloadJson), signingSecret, now);

    /// <summary>A signed urlencoded POST of <paramref name="form"/> to <paramref name="path"/>, as Slack sends it.</summary>
    public static HttpRequestMessage SignedForm(string path, string form, string signingSecret, DateTimeOffset now)
    {
        var timestamp = now.ToUnixTimeSeconds();
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(form, Encoding.UTF8, "application/x-www-form-urlencoded") };
        request.Headers.Add("X-Slack-Request-Timestamp", timestamp.ToString(CultureInfo.InvariantCulture));
        request.Headers.Add("X-Slack-Signature", Signature(signingSecret, timestamp, form));
        return request;
    }

    /// <summary>Parses a payload built here, e.g. to send it in a Socket Mode envelope.</summary>
    public static JsonElement Parse(string payloadJson)
    {
        using var document = JsonDocument.Parse(payloadJson);
        return document.RootElement.Clone();
    }
}
