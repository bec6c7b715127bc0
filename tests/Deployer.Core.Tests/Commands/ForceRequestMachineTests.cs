using Deployer.Core.Commands;
using Deployer.Core.Tests.Commands.Fakes;

namespace Deployer.Core.Tests.Commands;

public sealed class ForceRequestMachineTests
{
    private static readonly DateTimeOffset Now = CommandFixtures.Start;

    private static ForceRequest Pending(int required = 1) => new()
    {
        Id = "abc123",
        Service = "router",
        From = "staging",
        To = "production",
        Commit = "9f1c2ab",
        RequestedBy = "U_REQ",
        Reason = "hotfix",
        RequestedAt = Now,
        ExpiresAt = Now.AddMinutes(30),
        RequiredApprovals = required,
    };

    [Fact]
    public void One_approval_of_one_required_moves_to_promoting()
    {
        var (request, outcome) = ForceRequestMachine.Approve(Pending(), "U_A", Now.AddMinutes(1), ["release-age: too young"]);

        Assert.Equal(ApprovalOutcome.Approved, outcome);
        Assert.Equal(ForceRequestStatus.Promoting, request.Status);
        var approval = Assert.Single(request.Approvals);
        Assert.Equal(("U_A", Now.AddMinutes(1), "release-age: too young"), (approval.By, approval.At, approval.FailingChecks[0]));
    }

    [Fact]
    public void Two_required_need_two_distinct_people()
    {
        var (first, o1) = ForceRequestMachine.Approve(Pending(required: 2), "U_A", Now, []);
        var (again, o2) = ForceRequestMachine.Approve(first, "u_a", Now, []);
        var (second, o3) = ForceRequestMachine.Approve(again, "U_B", Now, []);

        Assert.Equal([ApprovalOutcome.Recorded, ApprovalOutcome.AlreadyApproved, ApprovalOutcome.Approved], [o1, o2, o3]);
        Assert.Same(first, again);
        Assert.Equal(ForceRequestStatus.Pending, first.Status);
        Assert.Equal(ForceRequestStatus.Promoting, second.Status);
    }

    [Fact]
    public void The_requester_cannot_approve()
    {
        var pending = Pending();
        var (request, outcome) = ForceRequestMachine.Approve(pending, "U_REQ", Now, []);

        Assert.Equal(ApprovalOutcome.SelfApproval, outcome);
        Assert.Same(pending, request);
    }

    [Fact]
    public void Approving_after_the_deadline_expires_the_request()
    {
        var (request, outcome) = ForceRequestMachine.Approve(Pending(), "U_A", Now.AddMinutes(30), []);

        Assert.Equal(ApprovalOutcome.Expired, outcome);
        Assert.Equal(ForceRequestStatus.Expired, request.Status);
        Assert.Empty(request.Approvals);
    }

    [Fact]
    public void Nothing_changes_a_request_that_is_no_longer_pending()
    {
        var (promoting, _) = ForceRequestMachine.Approve(Pending(), "U_A", Now, []);

        Assert.Equal(ApprovalOutcome.NotPending, ForceRequestMachine.Approve(promoting, "U_B", Now, []).Outcome);
        Assert.Equal(ApprovalOutcome.NotPending, ForceRequestMachine.Reject(promoting, "U_B", Now, null).Outcome);
        Assert.Same(promoting, ForceRequestMachine.Expire(promoting, Now, "late"));
    }

    [Fact]
    public void Reject_by_the_requester_is_a_withdrawal()
    {
        var (byOther, _) = ForceRequestMachine.Reject(Pending(), "U_B", Now, "wait for the canary");
        var (byRequester, _) = ForceRequestMachine.Reject(Pending(), "U_REQ", Now, null);

        Assert.Equal((ForceRequestStatus.Rejected, "U_B", "rejected: wait for the canary"), (byOther.Status, byOther.DecidedBy, byOther.Note));
        Assert.Equal("withdrawn by the requester", byRequester.Note);
    }

    [Fact]
    public void Complete_records_the_promotion_outcome_once()
    {
        var (promoting, _) = ForceRequestMachine.Approve(Pending(), "U_A", Now, []);
        var done = ForceRequestMachine.Complete(promoting, succeeded: true, "forced by U_REQ", Now);

        Assert.Equal((ForceRequestStatus.Promoted, "forced by U_REQ"), (done.Status, done.Note));
        Assert.Same(done, ForceRequestMachine.Complete(done, succeeded: false, "again", Now));
    }

    [Fact]
    public void Ids_are_six_unambiguous_characters()
    {
        var ids = Enumerable.Range(0, 200).Select(_ => ForceRequest.NewId()).ToList();

        Assert.All(ids, id => Assert.Matches("^[a-hjkmnp-z2-9]{6}$", id));
        Assert.True(ids.Distinct().Count() > 190);
    }
}
