using Deployer.Bot.Health;

namespace Deployer.Bot.Endpoints;

/// <summary>
/// The body of <c>GET /healthz</c>: the overall status, the reasons it is not healthy, every component, and (kept for
/// existing probes) the store and scheduler components, the cycle figures and the manifest errors.
/// </summary>
public sealed record HealthResponse(
    string Status, IReadOnlyList<string> Reasons, IReadOnlyDictionary<string, ComponentHealth> Components,
    ComponentHealth Store, ComponentHealth Scheduler, CycleHealth Cycles, ManifestHealth Manifests)
{
    /// <summary>The cluster (nodes, which node ran the last cycle); also one node on LiteDB.</summary>
    public Scheduling.ClusterHealth? Cluster { get; init; }

    /// <summary>How fresh the pipeline snapshots are (the sweep's reads within the API budget).</summary>
    public SnapshotHealth? Snapshots { get; init; }
}

/// <summary>The sweep: <c>healthy</c>, or <c>degraded</c> when a snapshot is older than 3 intervals (at least 30 s).</summary>
public sealed record SnapshotHealth(string Status, string Detail, double? OldestAgeSeconds, int LastRead, int LastSkipped);

/// <summary>What the promotion cycles did lately.</summary>
public sealed record CycleHealth(long Completed, DateTimeOffset? LastCompletedAt, double? LastDurationMs, int LastDecisions, IReadOnlyList<string> LastErrors, int? Reconciled);

/// <summary>How many manifests loaded and which did not.</summary>
public sealed record ManifestHealth(int Loaded, IReadOnlyList<string> Errors);
