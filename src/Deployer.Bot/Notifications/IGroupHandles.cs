namespace Deployer.Bot.Notifications;

/// <summary>
/// User group handles the bot has already looked up (<c>router-team</c> → <c>S0614TZR7</c>), so a mention of
/// <c>@router-team</c> can be a real <c>&lt;!subteam^…&gt;</c>. Answers from memory only: rendering happens inside a store
/// transaction and never calls Slack.
/// </summary>
internal interface IGroupHandles
{
    /// <summary>The group id of <paramref name="handle"/> (without the <c>@</c>), or null when it is not known (yet).</summary>
    string? GroupIdFor(string handle);

    /// <summary>Reads the handle directory again when it is older than its cache time (outside any transaction).</summary>
    ValueTask RefreshAsync(CancellationToken cancellationToken);
}
