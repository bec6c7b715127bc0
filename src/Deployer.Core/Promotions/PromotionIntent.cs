namespace Deployer.Core.Promotions;

/// <summary>A promotion written down before the platform is called and completed after, so a crash neither repeats nor forgets it.</summary>
public sealed record PromotionIntent
{
    public string Id { get; init; } = Guid.NewGuid().ToString("N");
    public required string Service { get; init; }
    public required string From { get; init; }
    public required string To { get; init; }
    public required string Commit { get; init; }
    public long Version { get; init; }
    public required string SourceTarget { get; init; }
    public required IReadOnlyList<string> Targets { get; init; }
    public PromotionTrigger Trigger { get; init; }
    public string Actor { get; init; } = "engine";
    public required DateTimeOffset StartedAt { get; init; }
    public string? ExternalId { get; init; }
    public PromotionOutcome Outcome { get; init; } = PromotionOutcome.Open;
    public DateTimeOffset? CompletedAt { get; init; }
    public string? Message { get; init; }

    /// <summary>A promotion (the default, and every intent written before rollbacks existed) or a rollback.</summary>
    public IntentKind Kind { get; init; } = IntentKind.Promote;

    /// <summary>
    /// Promote: what each downstream target ran before, from the snapshot the promotion was decided on (empty when the
    /// intent predates rollbacks). Rollback: the release each target is returned to.
    /// </summary>
    public IReadOnlyList<PreviousRelease> Previous { get; init; } = [];

    /// <summary>Rollback only: the commit taken off the targets (the last promotion's).</summary>
    public string? FromCommit { get; init; }

    /// <summary>Rollback only: the id of the promotion intent it undoes.</summary>
    public string? RollbackOf { get; init; }

    /// <summary>Rollback only: why it was asked for (the verb's reason, or the failed verification).</summary>
    public string? Reason { get; init; }

    public string PairKey => Decisions.PairDecision.KeyFor(Service, From, To);
}
