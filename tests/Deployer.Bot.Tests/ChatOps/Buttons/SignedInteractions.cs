using System.Text.Json;
using Deployer.Bot.Tests.ChatOps.Fakes;

namespace Deployer.Bot.Tests.ChatOps.Buttons;

/// <summary>Signed block_actions (with a trigger_id) and view_submission requests to the bot's real inbound endpoint.</summary>
internal static class SignedInteractions
{
    /// <summary>A button press in the service channel; returns the HTTP status.</summary>
    public static async Task<int> ClickAsync(ChatOpsBot bot, FakeSlackServer slack, string user, string actionId, string? value, string responseId, string trigger)
    {
        var payload = SlackInteractionBodies.BlockActions(user, actionId, value, ChatOpsBot.Channel, slack.ResponseUrl(responseId), trigger, messageTs: "1700000000.000100");
        return (await SendAsync(bot, payload)).Status;
    }

    /// <summary>A modal's submit; returns the status and the response body (undefined when empty: the modal closes).</summary>
    public static Task<(int Status, JsonElement Body)> SubmitAsync(ChatOpsBot bot, string user, string callbackId, string? metadata, params SlackViewField[] fields) =>
        SendAsync(bot, SlackInteractionBodies.ViewSubmission(user, callbackId, fields, metadata));

    private static async Task<(int Status, JsonElement Body)> SendAsync(ChatOpsBot bot, string payload)
    {
        using var request = SlackInteractionBodies.SignedInteraction("/slack/interactions", payload, ChatOpsBot.Secret, bot.Time.GetUtcNow());
        using var response = await bot.Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return ((int)response.StatusCode, text.TrimStart().StartsWith('{') ? JsonDocument.Parse(text).RootElement.Clone() : default);
    }
}
