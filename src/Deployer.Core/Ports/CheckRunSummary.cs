namespace Deployer.Core.Ports;

/// <summary>One CI check run of a commit, for decision messages: its name, status (<c>queued</c>, <c>in_progress</c>, <c>completed</c>) and conclusion.</summary>
public sealed record CheckRunSummary(string Name, string Status, string? Conclusion)
{
    public bool Completed => string.Equals(Status, "completed", StringComparison.OrdinalIgnoreCase);

    /// <summary>The conclusion when completed, else the status with spaces (<c>in progress</c>).</summary>
    public string Outcome => Completed ? Conclusion ?? "completed" : Status.Replace('_', ' ');

    /// <summary>Whether it ended well: success, neutral or skipped.</summary>
    public bool Passed => Completed && Conclusion?.ToLowerInvariant() is "success" or "neutral" or "skipped";
}
