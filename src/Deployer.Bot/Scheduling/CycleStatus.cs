namespace Deployer.Bot.Scheduling;

/// <summary>What the last promotion cycle did, for <c>/healthz</c>.</summary>
public sealed record CycleStatus
{
    public static CycleStatus None { get; } = new();

    public long Completed { get; init; }
    public DateTimeOffset? LastStartedAt { get; init; }
    public DateTimeOffset? LastCompletedAt { get; init; }
    public TimeSpan? LastDuration { get; init; }
    public int LastDecisions { get; init; }
    public int LastChanged { get; init; }
    public IReadOnlyList<string> LastErrors { get; init; } = [];

    /// <summary>Promotion intents settled so far (left open by a crash; in a cluster, by a dead node), once reconciliation ran.</summary>
    public int? Reconciled { get; init; }
}
