namespace Deployer.Integrations.CommandPlatform;

/// <summary>What a <c>platform.current</c> command prints: one JSON object.</summary>
internal sealed record CommandRelease
{
    public required long Version { get; init; }
    public required string Commit { get; init; }
    public string? Branch { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
    public string? Status { get; init; }
    public string? Id { get; init; }
    public string? Description { get; init; }
}
