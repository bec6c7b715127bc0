namespace Deployer.Core.Events;

/// <summary>A rollback's intent is recorded and the platform is being asked to return the stage's targets.</summary>
public sealed record RollbackStarted : DeployerEvent
{
    public required RollbackFacts Rollback { get; init; }

    public override string Service => Rollback.Service;
}
