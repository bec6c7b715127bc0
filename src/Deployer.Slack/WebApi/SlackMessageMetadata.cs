namespace Deployer.Slack.WebApi;

/// <summary>
/// Slack message metadata: an app-defined <c>event_type</c> and a flat <c>event_payload</c>, sent with
/// <c>chat.postMessage</c> (invisible to people) and read back by <c>conversations.history</c>/<c>conversations.replies</c>
/// with <c>include_all_metadata=true</c>.
/// </summary>
public sealed record SlackMessageMetadata(string EventType, IReadOnlyDictionary<string, string> EventPayload);
