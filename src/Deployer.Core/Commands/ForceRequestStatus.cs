namespace Deployer.Core.Commands;

/// <summary>Where a force-promote request is in its life.</summary>
public enum ForceRequestStatus
{
    /// <summary>Waiting for approvals.</summary>
    Pending,

    /// <summary>Approved (or break-glass); the promotion is running.</summary>
    Promoting,

    Promoted,
    Failed,
    Rejected,

    /// <summary>No decision in time, or the pair changed under it (see the note).</summary>
    Expired,
}
