namespace Deployer.Integrations.World;

/// <summary>The Librato alert ids that are firing.</summary>
public sealed record WorldLibrato(IReadOnlyList<long> Firing)
{
    public static WorldLibrato None { get; } = new([]);
}
