namespace Deployer.Core.Audit;

/// <summary>An append-only record of a decision change, promotion, command, approval or refusal.</summary>
public sealed record AuditEntry
{
    public long Id { get; init; }
    public required DateTimeOffset At { get; init; }
    public required string Service { get; init; }
    public required AuditKind Kind { get; init; }

    /// <summary>Who: a Slack user id, <c>engine</c>, or <c>local</c>.</summary>
    public required string Actor { get; init; }

    /// <summary>One line for people.</summary>
    public required string Summary { get; init; }

    public string? Pair { get; init; }
    public string? Commit { get; init; }

    /// <summary>Extra facts (check outcomes at the moment, request ids, ...).</summary>
    public IReadOnlyDictionary<string, string> Data { get; init; } = new Dictionary<string, string>();
}
