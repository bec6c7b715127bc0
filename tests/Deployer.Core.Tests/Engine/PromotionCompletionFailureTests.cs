using Deployer.Core.Audit;
using Deployer.Core.Decisions;
using Deployer.Core.Engine;
using Deployer.Core.Events;
using Deployer.Core.Ports;
using Deployer.Core.Promotions;
using Deployer.Core.Tests.Fakes;
using Microsoft.Extensions.Logging.Abstractions;
using NSubstitute;

namespace Deployer.Core.Tests.Engine;

/// <summary>
/// The decision log takes a promotion's result as already queued only once the ledger's completion committed it: a
/// completion that throws, or that finds the intent settled by someone else, leaves nothing remembered, and recording
/// the result then queues it with its row as before.
/// </summary>
public sealed class PromotionCompletionFailureTests
{
    private readonly EngineHarness _h = new();
    private readonly IPromotionLedger _ledger = Substitute.For<IPromotionLedger>();

    public PromotionCompletionFailureTests()
    {
        _ledger.TryBeginAsync(default!, default(AuditEntry), default).ReturnsForAnyArgs(true);
        _ledger.GetRecentAsync(default, default, default).ReturnsForAnyArgs(Task.FromResult<IReadOnlyList<PromotionIntent>>([]));
    }

    [Fact]
    public async Task A_completion_that_throws_leaves_nothing_remembered()
    {
        _ledger.CompleteAsync(default!, default, default!, default, default, default, default).ReturnsForAnyArgs(Task.FromException<bool>(new IOException("disk full")));
        var (log, executor) = Build();
        var decision = await PromoteDecisionAsync();

        await Assert.ThrowsAsync<IOException>(() => executor.PromoteAsync(_h.Manifests[0], decision, PromotionTrigger.Automatic, "engine", "all checks passed", CancellationToken.None));

        // The completion was handed the announcement, and nothing is taken as queued.
        await _ledger.Received(1).CompleteAsync(Arg.Any<string>(), PromotionOutcome.Succeeded, Arg.Any<string>(), Arg.Any<DateTimeOffset>(), Arg.Any<AuditEntry?>(),
            Arg.Is<DeployerEvent?>(e => e as DecisionChanged != null && (e as DecisionChanged)!.Current.Kind == DecisionKind.Promoted), Arg.Any<CancellationToken>());
        Assert.Equal(0, log.QueuedCount);
    }

    [Fact]
    public async Task A_completion_that_finds_the_intent_settled_leaves_the_announcement_to_the_decisions_row()
    {
        _ledger.CompleteAsync(default!, default, default!, default, default, default, default).ReturnsForAnyArgs(false);
        var (log, executor) = Build();
        var decision = await PromoteDecisionAsync();

        var promoted = await executor.PromoteAsync(_h.Manifests[0], decision, PromotionTrigger.Automatic, "engine", "all checks passed", CancellationToken.None);

        Assert.Equal(DecisionKind.Promoted, promoted.Kind);
        Assert.Equal(0, log.QueuedCount);
        Assert.True(await log.RecordAsync(promoted, CancellationToken.None));
        Assert.Same(promoted, Assert.Single(_h.Decisions.Queued).Current);
        Assert.Empty(_h.Decisions.Kept);
    }

    [Fact]
    public async Task A_queued_announcement_is_taken_only_by_its_own_decision()
    {
        _ledger.CompleteAsync(default!, default, default!, default, default, default, default).ReturnsForAnyArgs(true);
        var (log, executor) = Build();
        var decision = await PromoteDecisionAsync();
        var promoted = await executor.PromoteAsync(_h.Manifests[0], decision, PromotionTrigger.Automatic, "engine", "all checks passed", CancellationToken.None);
        Assert.Equal(1, log.QueuedCount);

        // Another decision of the pair recorded first (an equal copy, not this one) is stored with its own announcement.
        Assert.True(await log.RecordAsync(promoted with { Detail = "another" }, CancellationToken.None));
        Assert.Single(_h.Decisions.Queued);
        Assert.Equal(1, log.QueuedCount);

        Assert.True(await log.RecordAsync(promoted, CancellationToken.None));
        Assert.Same(promoted, Assert.Single(_h.Decisions.Kept));
        Assert.Single(_h.Decisions.Queued);
        Assert.Equal(0, log.QueuedCount);
    }

    private (DecisionLog Log, PromotionExecutor Executor) Build()
    {
        var state = new EngineState(_h.Holds, _ledger, _h.Decisions, _h.Audit, _h.Notifier);
        var log = new DecisionLog(state, NullLogger.Instance);
        return (log, new PromotionExecutor(new PlatformRegistry([_h.Platform]), state, _h.Options, _h.Time, NullLogger.Instance, log));
    }

    private async Task<PairDecision> PromoteDecisionAsync()
    {
        var manifest = _h.TwoStage("router", Rel.B, Rel.A, TimeSpan.FromHours(2));
        var decision = await _h.Engine.EvaluatePairAsync(manifest, "production", CancellationToken.None);
        Assert.Equal(DecisionKind.Promote, decision.Kind);
        return decision;
    }
}
