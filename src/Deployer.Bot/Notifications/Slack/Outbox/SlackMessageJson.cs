using System.Text.Json;
using Deployer.Slack;
using Deployer.Slack.BlockKit;

namespace Deployer.Bot.Notifications.Slack.Outbox;

/// <summary>Stores a <see cref="SlackMessage"/> as Slack's own JSON and reads it back (for the blocks this app uses).</summary>
internal static class SlackMessageJson
{
    public static string Serialize(SlackMessage message) =>
        JsonSerializer.Serialize(new Envelope(message.Text, message.Blocks), SlackJson.Options);

    public static SlackMessage Deserialize(string json)
    {
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        var blocks = root.TryGetProperty("blocks", out var list) && list.ValueKind == JsonValueKind.Array
            ? list.EnumerateArray().Select(ReadBlock).OfType<Block>().ToList()
            : null;
        return new SlackMessage(Str(root, "text") ?? "(no text)", blocks);
    }

    private static Block? ReadBlock(JsonElement e)
    {
        var id = Str(e, "block_id");
        return Str(e, "type") switch
        {
            "header" => new HeaderBlock(Text(e, "text")?.Text ?? "", id),
            "section" => new SectionBlock(Text(e, "text"), Array(e, "fields").Select(ReadText).ToList(), e.TryGetProperty("accessory", out var a) ? ReadButton(a) : null, id),
            "context" => new ContextBlock(Array(e, "elements").Select(ReadText).ToList(), id),
            "divider" => new DividerBlock(id),
            "actions" => new ActionsBlock(Array(e, "elements").Select(ReadButton).ToList(), id),
            _ => null,
        };
    }

    private static ButtonElement ReadButton(JsonElement e) => new(
        Text(e, "text")?.Text ?? "",
        Str(e, "action_id") ?? "action",
        Str(e, "value"),
        Style(e),
        e.TryGetProperty("confirm", out var c)
            ? new ConfirmDialog(Text(c, "title")?.Text ?? "", Text(c, "text") ?? TextObject.Plain(""), Text(c, "confirm")?.Text ?? "Confirm", Text(c, "deny")?.Text ?? "Cancel", Style(c))
            : null,
        Str(e, "url"));

    private static ButtonStyle? Style(JsonElement e) => Str(e, "style") switch
    {
        "primary" => ButtonStyle.Primary,
        "danger" => ButtonStyle.Danger,
        _ => null,
    };

    private static TextObject ReadText(JsonElement e) =>
        Str(e, "type") == "plain_text" ? TextObject.Plain(Str(e, "text") ?? "") : TextObject.Markdown(Str(e, "text") ?? "");

    private static TextObject? Text(JsonElement e, string name) =>
        e.TryGetProperty(name, out var t) && t.ValueKind == JsonValueKind.Object ? ReadText(t) : null;

    private static List<JsonElement> Array(JsonElement e, string name) =>
        e.TryGetProperty(name, out var a) && a.ValueKind == JsonValueKind.Array ? a.EnumerateArray().ToList() : [];

    private static string? Str(JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    private sealed record Envelope(string Text, IReadOnlyList<Block>? Blocks);
}
