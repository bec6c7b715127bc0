namespace Deployer.Slack.Inbound;

/// <summary>One action of a <c>block_actions</c> payload: which button was pressed, with its value.</summary>
public sealed record BlockAction(string ActionId, string? BlockId, string? Value, string? Type, string? ActionTs);
