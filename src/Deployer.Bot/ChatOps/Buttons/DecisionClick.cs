namespace Deployer.Bot.ChatOps.Buttons;

/// <summary>One button press on a decision message, with what a modal needs to answer it later (the trigger, the channel, the message).</summary>
internal sealed record DecisionClick(string ActionId, string? Value, string? TriggerId, string? ChannelId, string? MessageTs);
