using Deployer.Core.Releases;

namespace Deployer.Integrations.Local;

/// <summary>A local target and the release it runs.</summary>
internal sealed class LocalTargetDocument
{
    /// <summary>The target name, lower-cased.</summary>
    public string Id { get; set; } = "";
    public string Target { get; set; } = "";
    public string Service { get; set; } = "";
    public string ReleaseId { get; set; } = "";
    public long Version { get; set; }
    public string Commit { get; set; } = "";
    public string? Branch { get; set; }
    public long CreatedAtTicks { get; set; }

    /// <summary>Succeeded unless a world file said otherwise (documents written before it existed read as succeeded).</summary>
    public ReleaseStatus Status { get; set; } = ReleaseStatus.Succeeded;
    public string? Description { get; set; }
}
