using System.Diagnostics.CodeAnalysis;
using System.Text.Json;

namespace Deployer.Slack.Inbound;

/// <summary>Reads a <see cref="BlockActionsPayload"/> from an interactivity form (<c>payload=&lt;json&gt;</c>) or its JSON.</summary>
public static class InteractionPayloadParser
{
    /// <summary>Parses a urlencoded form with one <c>payload</c> field; false when it is absent, not JSON or not <c>block_actions</c>.</summary>
    public static bool TryParseForm(string formBody, [NotNullWhen(true)] out BlockActionsPayload? payload)
    {
        ArgumentNullException.ThrowIfNull(formBody);
        payload = null;
        if (!FormBody.TryRead(formBody, out var form, out _) || !form.TryGetValue("payload", out var json) || string.IsNullOrEmpty(json))
        {
            return false;
        }

        try
        {
            using var document = JsonDocument.Parse(json.ToString());
            return TryParseJson(document.RootElement, out payload);
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException)
        {
            // InvalidOperationException: a string holding a lone UTF-16 surrogate escape (\ud800) cannot be read.
            return false;
        }
    }

    /// <summary>The <c>type</c> of an interaction payload, e.g. <c>block_actions</c> or <c>view_submission</c>.</summary>
    public static string? TypeOf(JsonElement payload) => Str(payload, "type");

    /// <summary>Parses a <c>block_actions</c> JSON payload.</summary>
    public static bool TryParseJson(JsonElement root, [NotNullWhen(true)] out BlockActionsPayload? payload)
    {
        payload = null;
        if (root.ValueKind != JsonValueKind.Object || TypeOf(root) != "block_actions")
        {
            return false;
        }

        var user = Obj(root, "user");
        var userId = Str(user, "id");
        if (userId is null)
        {
            return false;
        }

        var container = Obj(root, "container");
        var actions = root.TryGetProperty("actions", out var list) && list.ValueKind == JsonValueKind.Array
            ? list.EnumerateArray()
                .Where(a => Str(a, "action_id") is not null)
                .Select(a => new BlockAction(Str(a, "action_id")!, Str(a, "block_id"), Str(a, "value"), Str(a, "type"), Str(a, "action_ts")))
                .ToArray()
            : [];

        payload = new BlockActionsPayload
        {
            UserId = userId,
            UserName = Str(user, "username") ?? Str(user, "name"),
            TeamId = Str(Obj(root, "team"), "id") ?? Str(user, "team_id"),
            ChannelId = Str(Obj(root, "channel"), "id") ?? Str(container, "channel_id"),
            MessageTs = Str(container, "message_ts") ?? Str(Obj(root, "message"), "ts"),
            ResponseUrl = Str(root, "response_url"),
            TriggerId = Str(root, "trigger_id"),
            ApiAppId = Str(root, "api_app_id"),
            Actions = actions,
        };
        return true;
    }

    /// <summary>Parses a <c>view_submission</c> JSON payload; false when it is another type or lacks user, view id, callback_id or state.</summary>
    public static bool TryParseViewSubmission(JsonElement root, [NotNullWhen(true)] out ViewSubmissionPayload? payload) =>
        TryParseViewSubmission(root, out payload, out _);

    /// <summary>As <see cref="TryParseViewSubmission(JsonElement, out ViewSubmissionPayload?)"/>, naming what is wrong when it fails.</summary>
    public static bool TryParseViewSubmission(JsonElement root, [NotNullWhen(true)] out ViewSubmissionPayload? payload, [NotNullWhen(false)] out string? problem)
    {
        payload = null;
        if (root.ValueKind != JsonValueKind.Object || TypeOf(root) != "view_submission")
        {
            problem = "not a view_submission payload";
            return false;
        }

        var user = Obj(root, "user");
        var view = Obj(root, "view");
        var userId = Str(user, "id");
        var viewId = Str(view, "id");
        var callbackId = Str(view, "callback_id");
        var values = Obj(Obj(view, "state"), "values");
        problem = userId is null ? "user.id is missing"
            : view.ValueKind != JsonValueKind.Object ? "view is missing"
            : viewId is null ? "view.id is missing"
            : callbackId is null ? "view.callback_id is missing"
            : values.ValueKind != JsonValueKind.Object ? "view.state.values is missing"
            : null;
        if (problem is not null)
        {
            return false;
        }

        var state = new Dictionary<string, IReadOnlyDictionary<string, ViewStateValue>>(StringComparer.Ordinal);
        foreach (var block in values.EnumerateObject())
        {
            if (block.Value.ValueKind != JsonValueKind.Object)
            {
                problem = $"view.state.values.{block.Name} is not an object";
                return false;
            }

            var actions = new Dictionary<string, ViewStateValue>(StringComparer.Ordinal);
            foreach (var action in block.Value.EnumerateObject())
            {
                if (action.Value.ValueKind != JsonValueKind.Object)
                {
                    problem = $"view.state.values.{block.Name}.{action.Name} is not an object";
                    return false;
                }

                actions[action.Name] = new ViewStateValue(Str(action.Value, "type"), Str(action.Value, "value"), Str(Obj(action.Value, "selected_option"), "value"));
            }

            state[block.Name] = actions;
        }

        payload = new ViewSubmissionPayload
        {
            UserId = userId!,
            UserName = Str(user, "username") ?? Str(user, "name"),
            TeamId = Str(Obj(root, "team"), "id") ?? Str(user, "team_id"),
            ViewId = viewId!,
            CallbackId = callbackId!,
            PrivateMetadata = Str(view, "private_metadata"),
            TriggerId = Str(root, "trigger_id"),
            ApiAppId = Str(root, "api_app_id"),
            Values = state,
        };
        return true;
    }

    private static JsonElement Obj(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Object ? value : default;

    private static string? Str(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
