namespace Deployer.Slack.WebApi;

/// <summary>One page of messages; <see cref="NextCursor"/> is null on the last page.</summary>
public sealed record SlackHistoryPage(IReadOnlyList<SlackHistoryMessage> Messages, string? NextCursor);
