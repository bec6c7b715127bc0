using System.Text.Json;

namespace Deployer.Bot.Tests.ChatOps.Buttons;

/// <summary>Reads a modal as the fake Slack received it in <c>views.open</c>.</summary>
internal static class ViewJson
{
    public static JsonElement Input(JsonElement view, string blockId) =>
        view.GetProperty("blocks").EnumerateArray().Single(b => b.GetProperty("type").GetString() == "input" && b.GetProperty("block_id").GetString() == blockId);

    public static IReadOnlyList<string> InputBlockIds(JsonElement view) =>
        [.. view.GetProperty("blocks").EnumerateArray().Where(b => b.GetProperty("type").GetString() == "input").Select(b => b.GetProperty("block_id").GetString()!)];

    public static string ElementType(JsonElement input) => input.GetProperty("element").GetProperty("type").GetString()!;

    public static string ActionId(JsonElement input) => input.GetProperty("element").GetProperty("action_id").GetString()!;

    public static IReadOnlyList<string> Options(JsonElement input) =>
        [.. input.GetProperty("element").GetProperty("options").EnumerateArray().Select(o => o.GetProperty("value").GetString()!)];

    public static string? Initial(JsonElement input) =>
        input.GetProperty("element").TryGetProperty("initial_option", out var o) && o.ValueKind == JsonValueKind.Object ? o.GetProperty("value").GetString() : null;

    public static string Text(JsonElement view) => string.Join("\n", Strings(view));

    private static IEnumerable<string> Strings(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.String => [e.GetString()!],
        JsonValueKind.Object => e.EnumerateObject().SelectMany(p => Strings(p.Value)),
        JsonValueKind.Array => e.EnumerateArray().SelectMany(Strings),
        _ => [],
    };
}
