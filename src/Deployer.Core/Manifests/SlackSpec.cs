namespace Deployer.Core.Manifests;

/// <summary>Where a service's decisions are announced, and who is mentioned when something needs people.</summary>
public sealed record SlackSpec
{
    public string? Channel { get; init; }

    /// <summary>
    /// Who is mentioned when a promotion or verification fails or a pair stays blocked too long, instead of the
    /// manifest's <c>owners</c> (an override, not an addition; <c>[]</c> mentions nobody). Null: the owners.
    /// </summary>
    public IReadOnlyList<string>? MentionOnFailure { get; init; }

    /// <summary>
    /// False keeps the decision message's thread quiet: results and "verified" replies are not posted (the message itself
    /// still shows how it ended) and mentions go to the channel as their own message instead of the thread.
    /// </summary>
    public bool ThreadUpdates { get; init; } = true;
}
