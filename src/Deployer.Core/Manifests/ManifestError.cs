namespace Deployer.Core.Manifests;

/// <summary>One problem in one manifest file: where (<see cref="Path"/> is a JSON path like <c>$.stages[1].targets</c>) and what.</summary>
public sealed record ManifestError(string File, string Path, string Message)
{
    public override string ToString() => $"{File}: {Path}: {Message}";
}
