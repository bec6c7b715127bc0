namespace Deployer.Core.Manifests;

/// <summary>One watched alert: an Alertmanager matcher set or a Librato alert id.</summary>
public sealed record AlertSpec
{
    public required string Name { get; init; }

    /// <summary><c>alertmanager</c> or <c>librato</c>.</summary>
    public required string Source { get; init; }

    public IReadOnlyList<string> Matchers { get; init; } = [];
    public long? AlertId { get; init; }

    /// <summary>Only gate promotions into these stages; empty means every stage.</summary>
    public IReadOnlyList<string> Stages { get; init; } = [];

    public CheckMode Mode { get; init; } = CheckMode.Enforce;

    /// <summary>A stable identity used to key fetched results.</summary>
    public string Key => AlertId is { } id ? $"{Source}:{id}" : $"{Source}:{string.Join(',', Matchers)}";

    public bool AppliesTo(string stage) =>
        Stages.Count == 0 || Stages.Any(s => string.Equals(s, stage, StringComparison.OrdinalIgnoreCase));
}
