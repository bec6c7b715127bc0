namespace Deployer.Core.Ports;

/// <summary>A suite's latest result for a commit.</summary>
public sealed record TestResult(string Suite, string Commit, TestRunStatus Status, DateTimeOffset? CompletedAt, string? Url = null);
