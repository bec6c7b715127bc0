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

    public string PairKey => Decisions.PairDecision.KeyFor(Service, From, To);
}
