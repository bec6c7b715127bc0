namespace Deployer.Slack.WebApi;

/// <summary>One message of a conversation or thread as read back: its ts, its thread's ts (replies), text and metadata.</summary>
public sealed record SlackHistoryMessage(string Ts, string? ThreadTs, string? Text, SlackMessageMetadata? Metadata);
