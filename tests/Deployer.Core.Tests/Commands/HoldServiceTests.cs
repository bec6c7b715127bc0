using Deployer.Core.Audit;
using Deployer.Core.Commands;
using Deployer.Core.Events;
using Deployer.Core.Tests.Commands.Fakes;
using Deployer.Core.Tests.Fakes;
using Microsoft.Extensions.Time.Testing;

namespace Deployer.Core.Tests.Commands;

public sealed class HoldServiceTests
{
    private readonly FakeTimeProvider _time = new(CommandFixtures.Start);
    private readonly InMemoryHoldStore _holds = new();
    private readonly RecordingPublisher _events = new();
    private readonly InMemoryAuditLog _audit = new();
    private readonly HoldService _service;

    public HoldServiceTests()
    {
        var policy = new AuthorizationPolicy(new AuthorizationOptions { Operators = ["U_OPS"] }, new StaticGroups([]), CommandFixtures.Catalog);
        _service = new HoldService(_holds, policy, new CommandAudit(_audit, _time), _events, _time);
    }

    [Fact]
    public async Task Hold_with_duration_sets_expiry_and_audits()
    {
        var result = await _service.HoldAsync(new Caller("U_OPS"), CommandFixtures.Router, "production", TimeSpan.FromHours(2), "5xx spike", default);

        Assert.True(result.Succeeded);
        var hold = Assert.Single(await _holds.GetActiveAsync("router", _time.GetUtcNow(), default));
        Assert.Equal(("production", "U_OPS", CommandFixtures.Start.AddHours(2)), (hold.Stage, hold.By, hold.Until));
        var entry = Assert.Single(_audit.Entries);
        Assert.Equal(AuditKind.Hold, entry.Kind);
        Assert.Contains("held router production until 2025-03-04 12:00 UTC: 5xx spike", entry.Summary);
    }

    [Fact]
    public async Task Holding_again_replaces_the_hold_on_that_scope()
    {
        await _service.HoldAsync(new Caller("U_OPS"), CommandFixtures.Router, null, null, "first", default);
        var second = await _service.HoldAsync(new Caller("U_OPS"), CommandFixtures.Router, null, null, "second", default);

        Assert.Equal("first", Assert.Single(second.Value!.Removed).Reason);
        Assert.Equal("second", Assert.Single(await _holds.GetActiveAsync("router", _time.GetUtcNow(), default)).Reason);
    }

    [Fact]
    public async Task Hold_and_resume_each_publish_the_event_the_store_returned_and_a_refusal_publishes_nothing()
    {
        await _service.HoldAsync(new Caller("U_X"), CommandFixtures.Router, null, null, "nope", default);
        await _service.HoldAsync(new Caller("U_OPS"), CommandFixtures.Router, "production", null, "first", default);
        await _service.HoldAsync(new Caller("U_OPS"), CommandFixtures.Router, "production", null, "second", default);
        await _service.ResumeAsync(new Caller("U_OPS"), CommandFixtures.Router, "production", default);
        await _service.ResumeAsync(new Caller("U_OPS"), CommandFixtures.Router, "production", default);

        var events = _events.Events.ToList();
        Assert.Equal(3, events.Count);
        Assert.Equal("first", Assert.IsType<HoldPlaced>(events[0]).Hold.Reason);
        var replacing = Assert.IsType<HoldPlaced>(events[1]);
        Assert.Equal(("second", "first"), (replacing.Hold.Reason, Assert.Single(replacing.Replaced).Reason));
        var lifted = Assert.IsType<HoldLifted>(events[2]);
        Assert.Equal(("U_OPS", "production", "second"), (lifted.By, lifted.Stage, Assert.Single(lifted.Lifted).Reason));
    }

    [Fact]
    public async Task A_stranger_is_refused_and_the_refusal_audited()
    {
        var result = await _service.HoldAsync(new Caller("U_X"), CommandFixtures.Router, null, null, "nope", default);

        Assert.True(result.Refused);
        Assert.Empty(await _holds.GetActiveAsync(null, _time.GetUtcNow(), default));
        var entry = Assert.Single(_audit.Entries);
        Assert.Equal((AuditKind.Refusal, "U_X"), (entry.Kind, entry.Actor));
        Assert.Contains("only Operators and router's owners", entry.Summary);
    }

    [Fact]
    public async Task Resume_lifts_the_hold_or_says_what_is_held()
    {
        await _service.HoldAsync(new Caller("U_OWNER"), CommandFixtures.Router, "production", null, "deploy freeze", default);

        var wrong = await _service.ResumeAsync(new Caller("U_OWNER"), CommandFixtures.Router, null, default);
        var right = await _service.ResumeAsync(new Caller("U_OWNER"), CommandFixtures.Router, "production", default);

        Assert.Equal("Nothing to resume: router (whole pipeline) is not held (its holds: production).", wrong.Error);
        Assert.True(right.Succeeded);
        Assert.Equal(AuditKind.Resume, _audit.Entries[^1].Kind);
        Assert.Empty(await _holds.GetActiveAsync(null, _time.GetUtcNow(), default));
    }
}
