using System.Text.Json;

namespace Deployer.Bot.Tests.ChatOps.Fakes;

/// <summary>One request the fake Slack received.</summary>
internal sealed record SlackCall(string Method, string Body, JsonElement Json = default, int? Failed = null)
{
    public string? Channel => Str("channel");
    public string? Ts => Str("ts");
    public string? ThreadTs => Str("thread_ts");
    public string Text => Str("text") ?? "";

    /// <summary>Everything a person would read: text and every block's text.</summary>
    public string AllText => Json.ValueKind == JsonValueKind.Undefined ? Body : string.Join("\n", Strings(Json));

    public bool Ok => Failed is null;

    public string? Str(string name) =>
        Json.ValueKind == JsonValueKind.Object && Json.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    private static IEnumerable<string> Strings(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.String => [e.GetString()!],
        JsonValueKind.Object => e.EnumerateObject().SelectMany(p => Strings(p.Value)),
        JsonValueKind.Array => e.EnumerateArray().SelectMany(Strings),
        _ => [],
    };

    public override string ToString() => $"{Method}{(Failed is { } f ? $" [{f}]" : "")} {(AllText.Length > 400 ? AllText[..400] : AllText).ReplaceLineEndings(" | ")}";
}
