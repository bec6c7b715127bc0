using System.Text.Json;

namespace Deployer.Testing;

/// <summary>
/// One request the fake Slack received: the Web API method (<c>chat.postMessage</c>), <c>response:{id}</c> for a
/// response_url or <c>hooks/{id}</c> for an incoming-webhook path; <see cref="Failed"/> is the HTTP status of an
/// answer that was not a 200.
/// </summary>
public sealed record SlackCall(string Method, string Body, JsonElement Json = default, int? Failed = null)
{
    public string? ContentType { get; init; }

    /// <summary>The Authorization header as sent (<c>Bearer xoxb-…</c>), null when none was.</summary>
    public string? Authorization { get; init; }

    /// <summary>The fields of a form-encoded body (Slack's other accepted encoding); empty for JSON.</summary>
    public IReadOnlyDictionary<string, string> Form { get; init; } = new Dictionary<string, string>();

    public string? Channel => Str("channel");
    public string? Ts => Str("ts");
    public string? ThreadTs => Str("thread_ts");
    public string Text => Str("text") ?? "";

    /// <summary>Everything a person would read: text and every block's text.</summary>
    public string AllText => Json.ValueKind == JsonValueKind.Undefined ? Body : string.Join("\n", Strings(Json));

    public bool Ok => Failed is null;

    /// <summary>A string argument, from the JSON body or the form.</summary>
    public string? Str(string name) =>
        Json.ValueKind == JsonValueKind.Object && Json.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString()
        : Form.TryGetValue(name, out var f) ? f : null;

    private static IEnumerable<string> Strings(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.String => [e.GetString()!],
        JsonValueKind.Object => e.EnumerateObject().SelectMany(p => Strings(p.Value)),
        JsonValueKind.Array => e.EnumerateArray().SelectMany(Strings),
        _ => [],
    };

    public override string ToString() => $"{Method}{(Failed is { } f ? $" [{f}]" : "")} {(AllText.Length > 400 ? AllText[..400] : AllText).ReplaceLineEndings(" | ")}";
}
