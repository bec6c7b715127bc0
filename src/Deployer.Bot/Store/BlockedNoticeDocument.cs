namespace Deployer.Bot.Store;

/// <summary>That the owners were mentioned for one (pair, commit, check) blocked too long.</summary>
internal sealed class BlockedNoticeDocument
{
    /// <summary><c>pair|commit|check</c>, lower-cased.</summary>
    public string Id { get; set; } = "";
    public string Service { get; set; } = "";
    public long AtTicks { get; set; }
}
