using Deployer.Core.Holds;

namespace Deployer.Core.Events;

/// <summary>Someone resumed a scope: the holds in <see cref="Lifted"/> were removed by <see cref="By"/>.</summary>
public sealed record HoldLifted : DeployerEvent
{
    public required string HeldService { get; init; }

    public string? Stage { get; init; }

    public required IReadOnlyList<Hold> Lifted { get; init; }

    public required string By { get; init; }

    public override string Service => HeldService;
}
