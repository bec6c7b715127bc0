namespace Deployer.Bot.Store;

/// <summary>One target's release before a promotion (what a rollback returns it to), inside a <see cref="PromotionDocument"/>.</summary>
internal sealed class PreviousReleaseDocument
{
    public string Target { get; set; } = "";
    public string ReleaseId { get; set; } = "";
    public string Commit { get; set; } = "";
    public long Version { get; set; }
}
