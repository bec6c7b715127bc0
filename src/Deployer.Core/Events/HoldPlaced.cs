using Deployer.Core.Holds;

namespace Deployer.Core.Events;

/// <summary>A hold was placed by <see cref="Hold"/>'s author, replacing the holds in <see cref="Replaced"/> on exactly that scope.</summary>
public sealed record HoldPlaced : DeployerEvent
{
    public required Hold Hold { get; init; }

    public IReadOnlyList<Hold> Replaced { get; init; } = [];

    public override string Service => Hold.Service;
}
