namespace Deployer.Core.Manifests;

/// <summary>No promotions from <see cref="From"/> (inclusive) to <see cref="To"/> (exclusive).</summary>
public sealed record FreezeSpec(DateTimeOffset From, DateTimeOffset To, string Reason);
