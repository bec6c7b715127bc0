namespace Deployer.Core.Commands;

/// <summary>What an approve or reject did to a request.</summary>
public enum ApprovalOutcome
{
    /// <summary>Counted; more approvals are needed.</summary>
    Recorded,

    /// <summary>Counted, and it was the last one needed: the request moved to Promoting.</summary>
    Approved,

    /// <summary>The request was rejected (or withdrawn by its requester).</summary>
    Rejected,

    /// <summary>This person had already approved: nothing changed (double click).</summary>
    AlreadyApproved,

    /// <summary>The requester may not approve their own request.</summary>
    SelfApproval,

    /// <summary>The request is no longer pending.</summary>
    NotPending,

    /// <summary>The approval window passed; the request is now expired.</summary>
    Expired,
}
