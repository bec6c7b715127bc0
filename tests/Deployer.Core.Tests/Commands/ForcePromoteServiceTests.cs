using Deployer.Core.Audit;
using Deployer.Core.Commands;
using Deployer.Core.Events;
using Deployer.Core.Ports;
using Deployer.Core.Promotions;
using Deployer.Core.Tests.Commands.Fakes;
using Deployer.Core.Tests.Fakes;
using Microsoft.Extensions.Time.Testing;

namespace Deployer.Core.Tests.Commands;

public sealed class ForcePromoteServiceTests
{
    private readonly FakeTimeProvider _time = new(CommandFixtures.Start);
    private readonly InMemoryForceRequestStore _store = new();
    private readonly FakePairPromoter _promoter = new();
    private readonly InMemoryAuditLog _audit = new();
    private readonly FakeIncidents _incidents = new();
    private readonly RecordingPublisher _events = new();
    private readonly AuthorizationOptions _options = new()
    {
        ForcePromoters = ["U_REQ", "U_A"],
        Approvers = ["U_A", "U_B", "U_REQ"],
    };

    private ForcePromoteService Service()
    {
        var policy = new AuthorizationPolicy(_options, new StaticGroups([]), CommandFixtures.Catalog);
        return new ForcePromoteService(_store, _promoter, policy, new IncidentProbe([_incidents]), new CommandAudit(_audit, _time),
            _events, CommandFixtures.Catalog, _time);
    }

    private static async Task<ForceRequest> RequestAsync(ForcePromoteService service)
    {
        var result = await service.RequestAsync(new Caller("U_REQ"), CommandFixtures.Router, "production", "hotfix INC-42", default);
        Assert.True(result.Succeeded, result.Error);
        return result.Value;
    }

    [Fact]
    public async Task A_request_records_what_it_would_bypass_and_waits_for_approval()
    {
        var request = await RequestAsync(Service());

        Assert.Equal(ForceRequestStatus.Pending, request.Status);
        Assert.Equal(("router", "staging", "production", "U_REQ"), (request.Service, request.From, request.To, request.RequestedBy));
        Assert.Equal(["release-age: release is 12m old, needs 30m"], request.BypassedChecks);
        Assert.Equal(CommandFixtures.Start.AddMinutes(30), request.ExpiresAt);
        Assert.Empty(_promoter.Promotions);
        Assert.Equal(AuditKind.ForceRequested, Assert.Single(_audit.Entries).Kind);
        Assert.Single(_notified);
    }

    [Fact]
    public async Task Approval_by_someone_else_promotes_at_once()
    {
        var service = Service();
        var request = await RequestAsync(service);

        var result = await service.ApproveAsync(new Caller("U_A"), request.Id, default);

        Assert.True(result.Succeeded, result.Error);
        Assert.Equal(ApprovalOutcome.Approved, result.Value.Outcome);
        Assert.Equal(ForceRequestStatus.Promoted, result.Value.Request.Status);
        var promotion = Assert.Single(_promoter.Promotions);
        Assert.Equal((PromotionTrigger.Forced, "U_REQ"), (promotion.Trigger, promotion.Actor));
        Assert.Contains("approved by U_A", promotion.Reason);
        var approval = _audit.Entries.Single(e => e.Kind == AuditKind.ForceApproved);
        Assert.Equal("release-age: release is 12m old, needs 30m", approval.Data["failingAtApproval"]);
        Assert.Equal([ForceRequestStatus.Pending, ForceRequestStatus.Promoting, ForceRequestStatus.Promoted], _notified.Select(r => r.Status));
    }

    [Fact]
    public async Task Self_approval_is_refused_and_audited()
    {
        var service = Service();
        var request = await RequestAsync(service);

        var result = await service.ApproveAsync(new Caller("U_REQ"), request.Id, default);

        Assert.True(result.Refused);
        Assert.Contains("your own", result.Error);
        Assert.Equal(AuditKind.Refusal, _audit.Entries[^1].Kind);
        Assert.Empty(_promoter.Promotions);
    }

    [Fact]
    public async Task Two_approvers_clicking_at_once_count_once_each_and_promote_once()
    {
        _options.RequiredApprovals = 2;
        var service = Service();
        var request = await RequestAsync(service);

        var clicks = new[] { "U_A", "U_B", "U_A", "U_B" }.Select(u => Task.Run(() => service.ApproveAsync(new Caller(u), request.Id, default)));
        var results = await Task.WhenAll(clicks);

        var stored = await _store.GetAsync(request.Id, default);
        Assert.Equal(["U_A", "U_B"], stored!.Approvals.Select(a => a.By).Order());
        Assert.Single(_promoter.Promotions);
        Assert.Equal(ForceRequestStatus.Promoted, stored.Status);
        Assert.Single(results, r => r.Value?.Outcome == ApprovalOutcome.Approved);
    }

    [Fact]
    public async Task Approvers_only()
    {
        var service = Service();
        var request = await RequestAsync(service);

        var result = await service.ApproveAsync(new Caller("U_NOBODY"), request.Id, default);

        Assert.True(result.Refused);
        Assert.Equal("you may not approve force-promotes: only Approvers may", result.Error);
        Assert.Equal(("router", AuditKind.Refusal), (_audit.Entries[^1].Service, _audit.Entries[^1].Kind));
    }

    [Fact]
    public async Task Force_promoters_only()
    {
        var result = await Service().RequestAsync(new Caller("U_B"), CommandFixtures.Router, "production", "why not", default);

        Assert.True(result.Refused);
        Assert.Equal(AuditKind.Refusal, Assert.Single(_audit.Entries).Kind);
    }

    [Fact]
    public async Task A_pair_already_in_sync_is_refused()
    {
        _promoter.Current = CommandFixtures.InSync();

        var result = await Service().RequestAsync(new Caller("U_REQ"), CommandFixtures.Router, "production", "why", default);

        Assert.False(result.Succeeded);
        Assert.Contains("already in sync", result.Error);
        Assert.Empty(await _store.GetOpenAsync(default));
    }

    [Fact]
    public async Task A_second_request_for_the_same_pair_is_refused()
    {
        var service = Service();
        var first = await RequestAsync(service);

        var second = await service.RequestAsync(new Caller("U_A"), CommandFixtures.Router, "production", "me too", default);

        Assert.Contains($"Request `{first.Id}`", second.Error);
    }

    [Fact]
    public async Task Approval_after_upstream_moved_on_expires_the_request()
    {
        var service = Service();
        var request = await RequestAsync(service);
        _promoter.Current = CommandFixtures.Blocked("1234567aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa");

        var result = await service.ApproveAsync(new Caller("U_A"), request.Id, default);

        Assert.Contains("staging moved on from 9f1c2ab to 1234567", result.Error);
        Assert.Equal(ForceRequestStatus.Expired, (await _store.GetAsync(request.Id, default))!.Status);
        Assert.Empty(_promoter.Promotions);
        Assert.Contains(_audit.Entries, e => e.Kind == AuditKind.ForceExpired);
    }

    [Fact]
    public async Task Requests_expire_after_the_approval_timeout()
    {
        var service = Service();
        var request = await RequestAsync(service);

        _time.Advance(TimeSpan.FromMinutes(29));
        Assert.Equal(0, await service.ExpireDueAsync(default));
        _time.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(1, await service.ExpireDueAsync(default));

        var stored = await _store.GetAsync(request.Id, default);
        Assert.Equal((ForceRequestStatus.Expired, "no decision within 30m"), (stored!.Status, stored.Note));
        Assert.Equal(ForceRequestStatus.Expired, _notified[^1].Status);
        var late = await service.ApproveAsync(new Caller("U_A"), request.Id, default);
        Assert.Contains("has expired", late.Error);
    }

    [Fact]
    public async Task Expiry_also_catches_a_pair_that_synced_meanwhile()
    {
        var service = Service();
        await RequestAsync(service);
        _promoter.LatestDecision = CommandFixtures.InSync();

        Assert.Equal(1, await service.ExpireDueAsync(default));
        Assert.Contains("already in sync", _notified[^1].Note);
    }

    [Fact]
    public async Task During_an_incident_a_force_promoter_breaks_glass_without_approvals()
    {
        _incidents.Open.Add(new Incident("P123", "PD-ROUTER", "triggered", "Router 5xx"));

        var request = await RequestAsync(Service());

        Assert.True(request.BreakGlass);
        Assert.Equal(ForceRequestStatus.Promoted, request.Status);
        Assert.Equal(PromotionTrigger.BreakGlass, Assert.Single(_promoter.Promotions).Trigger);
        var entry = Assert.Single(_audit.Entries, e => e.Kind == AuditKind.BreakGlass);
        Assert.Contains("P123 Router 5xx", entry.Summary);
        Assert.Equal("true", entry.Data["breakGlass"]);
        Assert.Equal(["PD-ROUTER"], _incidents.Asked[0]);
    }

    [Fact]
    public async Task Break_glass_can_be_turned_off()
    {
        _options.BreakGlassDuringIncident = false;
        _incidents.Open.Add(new Incident("P123", "PD-ROUTER", "triggered", "Router 5xx"));

        var request = await RequestAsync(Service());

        Assert.Equal(ForceRequestStatus.Pending, request.Status);
        Assert.Empty(_incidents.Asked);
    }

    [Fact]
    public async Task Reject_ends_the_request_and_withdraw_needs_no_role()
    {
        var service = Service();
        var request = await RequestAsync(service);

        var stranger = await service.RejectAsync(new Caller("U_NOBODY"), request.Id, null, default);
        var rejected = await service.RejectAsync(new Caller("U_B"), request.Id, "not now", default);

        Assert.True(stranger.Refused);
        Assert.Equal((ForceRequestStatus.Rejected, "rejected: not now"), (rejected.Value!.Request.Status, rejected.Value.Request.Note));
        Assert.Contains(_audit.Entries, e => e.Kind == AuditKind.ForceRejected);

        _promoter.Current = CommandFixtures.Blocked();
        var again = await RequestAsync(service);
        var withdrawn = await service.RejectAsync(new Caller("U_REQ"), again.Id, null, default);
        Assert.Equal("withdrawn by the requester", withdrawn.Value!.Request.Note);
    }

    [Fact]
    public async Task A_failed_promotion_is_recorded_on_the_request()
    {
        _promoter.FailPromotion = true;
        var service = Service();
        var request = await RequestAsync(service);

        var result = await service.ApproveAsync(new Caller("U_A"), request.Id, default);

        Assert.Equal(ForceRequestStatus.Failed, result.Value!.Request.Status);
        Assert.Contains("boom", result.Value.Request.Note);
    }

    [Fact]
    public async Task Unknown_request_ids_are_named()
    {
        var result = await Service().ApproveAsync(new Caller("U_A"), "zzzzzz", default);

        Assert.Equal("No force-promote request `zzzzzz`.", result.Error);
    }

    private IReadOnlyList<ForceRequest> _notified => _events.ForceRequests;
}
