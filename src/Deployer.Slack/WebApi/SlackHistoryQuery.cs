namespace Deployer.Slack.WebApi;

/// <summary>
/// Which page of a conversation (or of one thread) to read: messages after <see cref="Oldest"/> (a Slack ts, exclusive),
/// <see cref="Limit"/> at a time, from <see cref="Cursor"/> (the previous page's next cursor), with their metadata when
/// <see cref="IncludeAllMetadata"/> is set.
/// </summary>
public sealed record SlackHistoryQuery
{
    /// <summary>Most messages Slack returns in one page of <c>conversations.history</c>.</summary>
    public const int MaxLimit = 999;

    public string? Oldest { get; init; }
    public string? Cursor { get; init; }
    public int Limit { get; init; } = 200;
    public bool IncludeAllMetadata { get; init; }
}
