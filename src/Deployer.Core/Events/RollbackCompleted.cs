namespace Deployer.Core.Events;

/// <summary>A rollback ended: succeeded, failed, or (after a restart) settled without being run again.</summary>
public sealed record RollbackCompleted : DeployerEvent
{
    public required RollbackFacts Rollback { get; init; }

    public required bool Succeeded { get; init; }

    /// <summary>The platform's words, or how a restart settled it.</summary>
    public required string Message { get; init; }

    /// <summary>Settled by reconciliation after a restart rather than by the run that started it.</summary>
    public bool AfterRestart { get; init; }

    public override string Service => Rollback.Service;
}
