using Deployer.Bot.ChatOps.Storage;
using Deployer.Bot.Store;
using Deployer.Bot.Tests.Support;
using Deployer.Core.Audit;
using Deployer.Core.Decisions;
using Deployer.Core.Events;
using Deployer.Core.Holds;
using Deployer.Core.Promotions;
using Deployer.Core.Releases;
using Microsoft.Extensions.Time.Testing;

namespace Deployer.Bot.Tests.Store;

/// <summary>
/// The stores that write several collections in one transaction (decision + audit + queue, ledger + audit + queue,
/// holds + queue), written side by side as a busy cycle writes them: all complete within a short lock timeout and
/// nothing is lost. The lock order these transactions keep is in LiteDbTransaction's remarks; a 1,000-pipeline cycle
/// stalled for minutes on LiteDB's lock timeout while the decision store's two methods took decisions and audit in
/// opposite orders. This test did not reproduce that stall (the window is short), so it guards the shape, not the order.
/// </summary>
public sealed class LiteDbLockOrderTests : IDisposable
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 6, 12, 0, 0, TimeSpan.Zero);
    private const int Rounds = 150;
    private readonly TempDir _dir = new();

    [Fact]
    public async Task Decisions_keeps_the_ledger_holds_and_force_requests_written_side_by_side_never_deadlock()
    {
        // A lock-order inversion waits for the timeout and then throws: two seconds instead of LiteDB's minute.
        using var database = DeployerDatabase.Open(_dir.File("deployer.db"), TimeSpan.FromSeconds(2));
        var decisions = new LiteDbDecisionStore(database);
        var ledger = new LiteDbPromotionLedger(database);
        var holds = new LiteDbHoldStore(database);
        var requests = new LiteDbForceRequestStore(database, new FakeTimeProvider(T0));

        // Each kind of write in its own loops, side by side, as parallel pipelines and commands write them.
        Func<int, int, Task>[] kinds =
        [
            async (w, i) => await decisions.SaveAsync(DecisionChanged.Of(null, Decision($"svc-{w}-{i}", DecisionKind.Blocked)), Entry($"svc-{w}-{i}", "blocked"), default),
            async (w, i) => await decisions.KeepAsync(Decision($"svc-{w}-{i}", DecisionKind.Promoted), Entry($"svc-{w}-{i}", "promoted"), default),
            async (w, i) =>
            {
                var intent = Intent($"svc-{w}-{i}");
                Assert.True(await ledger.TryBeginAsync(intent, Entry(intent.Service, "started"), null, default));
                var decision = Decision(intent.Service, DecisionKind.Promoted);
                await ledger.CompleteAsync(intent.Id, PromotionOutcome.Succeeded, "ok", T0, Entry(intent.Service, "succeeded"), DecisionChanged.Of(null, decision), default);
            },
            async (w, i) =>
            {
                await holds.PlaceAsync(new Hold { Service = $"svc-{w}-{i}", Reason = "db", By = "U1", CreatedAt = T0 }, default);
                await holds.LiftAsync($"svc-{w}-{i}", null, "U1", T0, default);
            },
        ];
        var workers = Enumerable.Range(0, 8).Select(w => Task.Run(async () =>
        {
            for (var i = 0; i < Rounds; i++)
            {
                await kinds[w % kinds.Length](w, i);
            }
        })).ToList();
        await Task.WhenAll(workers);

        // Workers 0 and 4 saved, 1 and 5 kept: one decision row each per round.
        Assert.Equal(4 * Rounds, (await decisions.GetAllAsync(null, default)).Count);
        // Saves, keeps, and the ledger's two entries per promotion (workers 2 and 6).
        Assert.Equal((4 * Rounds) + (2 * 2 * Rounds), (await new LiteDbAuditLog(database).QueryAsync(null, 100_000, default)).Count);
        Assert.Empty(await requests.GetOpenAsync(default));
    }

    private static PairDecision Decision(string service, DecisionKind kind) => new()
    {
        Service = service, From = "staging", To = "production", Kind = kind, At = T0,
        Upstream = new Release { Id = "v7", Version = 7, Commit = "9f1c2ab4f00d", Branch = "main", CreatedAt = T0 },
    };

    private static PromotionIntent Intent(string service) => new()
    {
        Service = service, From = "staging", To = "production", Commit = "9f1c2ab4f00d", Version = 7,
        SourceTarget = $"{service}-staging", Targets = [$"{service}-prod"], StartedAt = T0,
    };

    private static AuditEntry Entry(string service, string what) =>
        new() { At = T0, Service = service, Kind = AuditKind.Decision, Actor = "engine", Summary = what };

    public void Dispose() => _dir.Dispose();
}
