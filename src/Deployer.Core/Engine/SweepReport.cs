namespace Deployer.Core.Engine;

/// <summary>How a cycle's sweep spent the platforms' read budgets.</summary>
public sealed record SweepReport(int Read, int Skipped, int Busy, TimeSpan? OldestSnapshotAge)
{
    public static SweepReport Empty { get; } = new(0, 0, 0, null);
}
