namespace Deployer.Core.Commands;

/// <summary>One approver's yes, with the checks that were failing when they said it.</summary>
public sealed record ForceApproval
{
    public required string By { get; init; }
    public required DateTimeOffset At { get; init; }

    /// <summary><c>check: reason</c> for each check blocking at the moment of approval.</summary>
    public IReadOnlyList<string> FailingChecks { get; init; } = [];
}
