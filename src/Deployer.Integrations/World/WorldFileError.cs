namespace Deployer.Integrations.World;

/// <summary>One problem in a world file: where (<see cref="Path"/> is a JSON path like <c>$.releases['api'].commit</c>) and what.</summary>
public sealed record WorldFileError(string File, string Path, string Message)
{
    public override string ToString() => $"{File}: {Path}: {Message}";
}
