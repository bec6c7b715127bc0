namespace Deployer.Integrations.Local;

/// <summary>A promotion the local platform carried out, so a restart can confirm it by id.</summary>
internal sealed class LocalPromotionDocument
{
    public string Id { get; set; } = "";
    public string Commit { get; set; } = "";
    public List<string> Targets { get; set; } = [];
    public long AtTicks { get; set; }
}
