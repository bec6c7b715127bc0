namespace Deployer.Core.Releases;

/// <summary>One target's promotion outcome.</summary>
public sealed record TargetPromotionResult(string Target, bool Succeeded, string? Error);
