namespace Deployer.Bot.Endpoints;

/// <summary>One pipeline in <c>GET /api/pipelines</c>: its stages with their targets' releases, and the last decision per pair.</summary>
public sealed record PipelineResponse(string Service, string Platform, IReadOnlyList<StageResponse> Stages, IReadOnlyList<PairResponse> Pairs)
{
    /// <summary>When the engine last read this pipeline without error (null: not since start); older means skipped for API budget.</summary>
    public DateTimeOffset? SnapshotAt { get; init; }
}

/// <summary>A stage and its targets.</summary>
public sealed record StageResponse(string Name, IReadOnlyList<TargetResponse> Targets);

/// <summary>A target and what it ran when the engine last looked (null release: none, or unreadable: see error).</summary>
public sealed record TargetResponse(string Target, ReleaseResponse? Release, string? Error);

/// <summary>A release, as the platform reported it.</summary>
public sealed record ReleaseResponse(string Id, long Version, string Commit, string ShortCommit, string? Branch, DateTimeOffset CreatedAt, string Status);

/// <summary>The last decision of a stage pair (null decision: not decided yet).</summary>
public sealed record PairResponse(
    string From, string To, string? Decision, string? Commit, DateTimeOffset? At, string? Summary, string? Detail,
    IReadOnlyList<string> TargetsToPromote, IReadOnlyList<CheckResponse> Checks);

/// <summary>One check's outcome (<c>pass</c>, <c>fail</c>, <c>unknown</c>, <c>shadow-fail</c>) and reason.</summary>
public sealed record CheckResponse(string Check, string Outcome, string Reason, DateTimeOffset? ClearsAt);
