using System.Text.Json;

namespace Deployer.Bot.Tests.ChatOps.Buttons;

/// <summary>Reads the buttons out of a message as the fake Slack received it.</summary>
internal static class MessageButtons
{
    public sealed record Button(string Label, string ActionId, string? Value);

    public static IReadOnlyList<Button> Of(SlackCall call) => Of(call.Json);

    public static IReadOnlyList<Button> Of(JsonElement message)
    {
        if (message.ValueKind != JsonValueKind.Object || !message.TryGetProperty("blocks", out var blocks) || blocks.ValueKind != JsonValueKind.Array)
        {
            return [];
        }

        return [.. blocks.EnumerateArray()
            .Where(b => b.GetProperty("type").GetString() == "actions")
            .SelectMany(b => b.GetProperty("elements").EnumerateArray())
            .Select(e => new Button(
                e.GetProperty("text").GetProperty("text").GetString()!,
                e.GetProperty("action_id").GetString()!,
                e.TryGetProperty("value", out var v) ? v.GetString() : null))];
    }

    public static string ValueOf(SlackCall call, string actionId) =>
        Of(call).Single(b => b.ActionId == actionId).Value ?? throw new InvalidOperationException($"{actionId} has no value");
}
