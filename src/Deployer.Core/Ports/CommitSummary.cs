namespace Deployer.Core.Ports;

/// <summary>One commit between downstream and upstream, for decision messages.</summary>
public sealed record CommitSummary(string Sha, string Title, string? Author);
