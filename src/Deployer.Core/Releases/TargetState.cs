namespace Deployer.Core.Releases;

/// <summary>One target and its current release (null when it has none or it could not be read).</summary>
public sealed record TargetState(string Target, Release? Release, string? Error = null);
