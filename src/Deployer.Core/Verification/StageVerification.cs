namespace Deployer.Core.Verification;

/// <summary>
/// The verification of the last promotion into one stage, and the commits rejected there. One per service and stage,
/// replaced as the watch moves on; stored with the event announcing each change in one transaction.
/// </summary>
public sealed record StageVerification
{
    public required string Service { get; init; }

    /// <summary>The stage promoted into (the downstream stage of the pair <see cref="From"/>→<see cref="Stage"/>).</summary>
    public required string Stage { get; init; }

    public required string From { get; init; }

    /// <summary>The promoted commit; empty when the stage has no verification yet, only rejections.</summary>
    public string Commit { get; init; } = "";

    /// <summary>The promotion intent this watch follows (a second promotion of the same commit starts a new watch).</summary>
    public string? IntentId { get; init; }

    public VerificationState State { get; init; } = VerificationState.Verifying;

    /// <summary>When the promotion completed: the window's start.</summary>
    public DateTimeOffset StartedAt { get; init; }

    /// <summary>The configured window length (<c>verify.for</c>) when the watch began.</summary>
    public TimeSpan For { get; init; }

    /// <summary>How long health checks were <c>unknown</c> in closed spells: the window is extended by it.</summary>
    public TimeSpan UnknownFor { get; init; }

    /// <summary>Since when the health checks have been <c>unknown</c> without a break; null while they answer.</summary>
    public DateTimeOffset? UnknownSince { get; init; }

    /// <summary>When the window ended (verified, failed, superseded); null while verifying.</summary>
    public DateTimeOffset? EndedAt { get; init; }

    /// <summary>Why it ended, or what is unknown while verifying; e.g. <c>alerts: router is up: firing</c>.</summary>
    public string? Reason { get; init; }

    /// <summary>True once the automatic hold for a failure is placed (so a crash between the two places it at the next cycle).</summary>
    public bool HoldPlaced { get; init; }

    /// <summary>True once the rollback a failure asked for (<c>onFailure: rollback</c>) was handed to the rollback port.</summary>
    public bool RollbackDone { get; init; }

    /// <summary>Rejected commits of this stage, newest last.</summary>
    public IReadOnlyList<RejectedCommit> Rejected { get; init; } = [];

    public string ShortCommit => Commit.Length > 7 ? Commit[..7] : Commit;

    public string PairKey => Decisions.PairDecision.KeyFor(Service, From, Stage);

    /// <summary>The end of the window as of <paramref name="now"/>: the start, the length, and every unknown spell, the open one included.</summary>
    public DateTimeOffset UntilAt(DateTimeOffset now) =>
        StartedAt + For + UnknownFor + (UnknownSince is { } since && now > since ? now - since : TimeSpan.Zero);

    /// <summary>The end of the window as last recorded (an open unknown spell counted up to <see cref="UnknownSince"/>).</summary>
    public DateTimeOffset Until => StartedAt + For + UnknownFor;

    public static string KeyFor(string service, string stage) => $"{service}/{stage}".ToLowerInvariant();

    public string Key => KeyFor(Service, Stage);
}
