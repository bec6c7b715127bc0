using Deployer.Core.Holds;

namespace Deployer.Core.Commands;

/// <summary>What a hold or resume command changed.</summary>
public sealed record HoldChange(string Service, string? Stage, Hold? Added, IReadOnlyList<Hold> Removed)
{
    /// <summary><c>router production</c> or <c>router (whole pipeline)</c>.</summary>
    public string Scope => Stage is null ? $"{Service} (whole pipeline)" : $"{Service} {Stage}";
}
