namespace Deployer.Bot.Endpoints;

/// <summary>The body of <c>GET /healthz</c>.</summary>
public sealed record HealthResponse(string Status, ComponentHealth Store, ComponentHealth Scheduler, CycleHealth Cycles, ManifestHealth Manifests)
{
    /// <summary>How fresh the pipeline snapshots are (the sweep's reads within the API budget).</summary>
    public SnapshotHealth? Snapshots { get; init; }
}

/// <summary>The sweep: <c>healthy</c>, or <c>degraded</c> when a snapshot is older than 3 intervals.</summary>
public sealed record SnapshotHealth(string Status, string Detail, double? OldestAgeSeconds, int LastRead, int LastSkipped);

/// <summary>One component: <c>healthy</c> or <c>unhealthy</c>, with a detail.</summary>
public sealed record ComponentHealth(string Status, string Detail);

/// <summary>What the promotion cycles did lately.</summary>
public sealed record CycleHealth(long Completed, DateTimeOffset? LastCompletedAt, double? LastDurationMs, int LastDecisions, IReadOnlyList<string> LastErrors, int? Reconciled);

/// <summary>How many manifests loaded and which did not.</summary>
public sealed record ManifestHealth(int Loaded, IReadOnlyList<string> Errors);
