using Deployer.Core.Audit;
using Deployer.Core.Commands;
using Deployer.Core.Events;
using Deployer.Core.Ports;
using Deployer.Core.Promotions;
using Deployer.Core.Tests.Commands.Fakes;
using Deployer.Core.Tests.Fakes;
using Microsoft.Extensions.Time.Testing;

namespace Deployer.Core.Tests.Commands;

/// <summary>Break-glass against other people's holds, and console users as distinct people.</summary>
public sealed class BreakGlassAndConsoleApprovalTests
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
    public async Task Break_glass_does_not_bypass_someone_elses_hold_it_needs_one_approval()
    {
        _options.RequiredApprovals = 2;
        _incidents.Open.Add(new Incident("P123", "PD-ROUTER", "triggered", "Router 5xx"));
        var hold = new Holds.Hold { Service = "router", Stage = "production", Reason = "db migration", By = "U_OPS" };
        _promoter.Current = _promoter.Current with { Kind = Decisions.DecisionKind.Held, Hold = hold };
        var service = Service();

        var request = await RequestAsync(service);

        Assert.False(request.BreakGlass);
        Assert.Equal(ForceRequestStatus.Pending, request.Status);
        Assert.Equal(1, request.RequiredApprovals);
        Assert.Contains("does not bypass the hold by U_OPS (db migration)", request.Note);
        Assert.Empty(_promoter.Promotions);

        var approved = await service.ApproveAsync(new Caller("U_A"), request.Id, default);
        Assert.Equal(ForceRequestStatus.Promoted, approved.Value!.Request.Status);
        Assert.Equal(PromotionTrigger.Forced, Assert.Single(_promoter.Promotions).Trigger);
    }

    [Fact]
    public async Task Break_glass_still_passes_the_requesters_own_hold()
    {
        _incidents.Open.Add(new Incident("P123", "PD-ROUTER", "triggered", "Router 5xx"));
        var hold = new Holds.Hold { Service = "router", Stage = "production", Reason = "mine", By = "U_REQ" };
        _promoter.Current = _promoter.Current with { Kind = Decisions.DecisionKind.Held, Hold = hold };

        var request = await RequestAsync(Service());

        Assert.True(request.BreakGlass);
        Assert.Equal(ForceRequestStatus.Promoted, request.Status);
    }

    [Fact]
    public async Task A_console_user_may_not_approve_their_own_request_another_console_user_may()
    {
        _options.ForcePromoters = [];
        _options.Approvers = [];
        var service = Service();
        var requested = await service.RequestAsync(Caller.Local, CommandFixtures.Router, "production", "demo", default);
        Assert.True(requested.Succeeded, requested.Error);

        var self = await service.ApproveAsync(Caller.Local, requested.Value.Id, default);
        var other = await service.ApproveAsync(new Caller("bob", IsLocal: true), requested.Value.Id, default);

        Assert.True(self.Refused);
        Assert.Contains("your own", self.Error);
        Assert.True(other.Succeeded, other.Error);
        Assert.Equal("bob", Assert.Single(other.Value.Request.Approvals).By);
        Assert.Equal(ForceRequestStatus.Promoted, other.Value.Request.Status);
    }

    private IReadOnlyList<ForceRequest> _notified => _events.ForceRequests;
}
