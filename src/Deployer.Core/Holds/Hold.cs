namespace Deployer.Core.Holds;

/// <summary>An operator's stop on a pipeline (<see cref="Stage"/> null) or on promotions into one stage.</summary>
public sealed record Hold
{
    public string Id { get; init; } = Guid.NewGuid().ToString("N")[..8];
    public required string Service { get; init; }
    public string? Stage { get; init; }
    public required string Reason { get; init; }
    public required string By { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset? Until { get; init; }

    public bool IsActiveAt(DateTimeOffset now) => Until is not { } until || now < until;

    /// <summary>True when this hold stops promotions into <paramref name="stage"/>.</summary>
    public bool Covers(string stage) => Stage is null || string.Equals(Stage, stage, StringComparison.OrdinalIgnoreCase);
}
