namespace Deployer.Bot.Endpoints;

/// <summary>One pipeline in <c>GET /api/pipelines</c>: its stages with their targets' releases, and the last decision per pair.</summary>
public sealed record PipelineResponse(string Service, string Platform, IReadOnlyList<StageResponse> Stages, IReadOnlyList<PairResponse> Pairs)
{
    /// <summary>When the engine last read this pipeline without error (null: not since start); older means skipped for API budget.</summary>
    public DateTimeOffset? SnapshotAt { get; init; }
}

/// <summary>A stage and its targets.</summary>
public sealed record StageResponse(string Name, IReadOnlyList<TargetResponse> Targets)
{
    /// <summary>The holds in force on this stage (the pipeline-wide ones included).</summary>
    public IReadOnlyList<HoldResponse> Holds { get; init; } = [];
}

/// <summary>A hold in force: <c>deployer</c> as author marks an automatic hold (a failed verification).</summary>
public sealed record HoldResponse(string Id, string? Stage, string By, string Reason, DateTimeOffset CreatedAt, DateTimeOffset? Until, bool Automatic);

/// <summary>The watch after the last promotion into the pair's downstream stage: <c>verifying</c>, <c>verified</c>, <c>failed</c> or <c>superseded</c>.</summary>
public sealed record VerificationResponse(string Commit, string State, DateTimeOffset Until, string? Reason);

/// <summary>A commit that failed verification in the pair's downstream stage: not promoted there again unless forced or replaced upstream.</summary>
public sealed record RejectedResponse(string Commit, string Reason, DateTimeOffset At);

/// <summary>A target and what it ran when the engine last looked (null release: none, or unreadable: see error).</summary>
public sealed record TargetResponse(string Target, ReleaseResponse? Release, string? Error);

/// <summary>A release, as the platform reported it.</summary>
public sealed record ReleaseResponse(string Id, long Version, string Commit, string ShortCommit, string? Branch, DateTimeOffset CreatedAt, string Status);

/// <summary>The last decision of a stage pair (null decision: not decided yet).</summary>
public sealed record PairResponse(
    string From, string To, string? Decision, string? Commit, DateTimeOffset? At, string? Summary, string? Detail,
    IReadOnlyList<string> TargetsToPromote, IReadOnlyList<CheckResponse> Checks)
{
    /// <summary>The verification of the last promotion into <see cref="To"/>; null when there is none.</summary>
    public VerificationResponse? Verification { get; init; }

    /// <summary>Commits rejected for <see cref="To"/>.</summary>
    public IReadOnlyList<RejectedResponse> Rejected { get; init; } = [];
}

/// <summary>One check's outcome (<c>pass</c>, <c>fail</c>, <c>unknown</c>, <c>shadow-fail</c>) and reason.</summary>
public sealed record CheckResponse(string Check, string Outcome, string Reason, DateTimeOffset? ClearsAt);
