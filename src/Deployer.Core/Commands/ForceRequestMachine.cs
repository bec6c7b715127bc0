namespace Deployer.Core.Commands;

/// <summary>
/// The force-promote state machine as pure functions: Pending → Promoting → Promoted/Failed, or Pending → Rejected/Expired.
/// Stores call these inside their atomic update, so concurrent clicks see each other's writes.
/// </summary>
public static class ForceRequestMachine
{
    public static (ForceRequest Request, ApprovalOutcome Outcome) Approve(ForceRequest request, string approver, DateTimeOffset now, IReadOnlyList<string> failingChecks)
    {
        if (request.Status != ForceRequestStatus.Pending)
        {
            return (request, ApprovalOutcome.NotPending);
        }

        if (now >= request.ExpiresAt)
        {
            return (Expire(request, now, "no decision in time"), ApprovalOutcome.Expired);
        }

        if (string.Equals(request.RequestedBy, approver, StringComparison.OrdinalIgnoreCase))
        {
            return (request, ApprovalOutcome.SelfApproval);
        }

        if (request.Approvals.Any(a => string.Equals(a.By, approver, StringComparison.OrdinalIgnoreCase)))
        {
            return (request, ApprovalOutcome.AlreadyApproved);
        }

        var approvals = request.Approvals.Append(new ForceApproval { By = approver, At = now, FailingChecks = failingChecks }).ToList();
        var done = approvals.Count >= request.RequiredApprovals;
        return (request with { Approvals = approvals, Status = done ? ForceRequestStatus.Promoting : ForceRequestStatus.Pending },
            done ? ApprovalOutcome.Approved : ApprovalOutcome.Recorded);
    }

    public static (ForceRequest Request, ApprovalOutcome Outcome) Reject(ForceRequest request, string by, DateTimeOffset now, string? reason)
    {
        if (request.Status != ForceRequestStatus.Pending)
        {
            return (request, ApprovalOutcome.NotPending);
        }

        if (now >= request.ExpiresAt)
        {
            return (Expire(request, now, "no decision in time"), ApprovalOutcome.Expired);
        }

        var withdrawn = string.Equals(request.RequestedBy, by, StringComparison.OrdinalIgnoreCase);
        var note = (withdrawn ? "withdrawn by the requester" : "rejected") + (string.IsNullOrWhiteSpace(reason) ? "" : $": {reason}");
        return (request with { Status = ForceRequestStatus.Rejected, DecidedBy = by, Note = note, CompletedAt = now }, ApprovalOutcome.Rejected);
    }

    /// <summary>Ends a pending request without promoting (timeout, pair already in sync, upstream moved on).</summary>
    public static ForceRequest Expire(ForceRequest request, DateTimeOffset now, string why) =>
        request.Status == ForceRequestStatus.Pending
            ? request with { Status = ForceRequestStatus.Expired, Note = why, CompletedAt = now }
            : request;

    /// <summary>Records how the promotion of an approved request ended.</summary>
    public static ForceRequest Complete(ForceRequest request, bool succeeded, string? detail, DateTimeOffset now) =>
        request.Status == ForceRequestStatus.Promoting
            ? request with { Status = succeeded ? ForceRequestStatus.Promoted : ForceRequestStatus.Failed, Note = detail, CompletedAt = now }
            : request;
}
