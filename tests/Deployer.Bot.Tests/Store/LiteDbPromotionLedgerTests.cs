using Deployer.Bot.Store;
using Deployer.Bot.Tests.Support;
using Deployer.Core.Promotions;

namespace Deployer.Bot.Tests.Store;

public sealed class LiteDbPromotionLedgerTests : IDisposable
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 26, 12, 0, 0, TimeSpan.Zero);
    private readonly TempDir _dir = new();

    [Fact]
    public async Task Only_one_open_intent_per_pair_even_when_racing()
    {
        using var db = DeployerDatabase.Open(_dir.File("ledger.db"));
        var ledger = new LiteDbPromotionLedger(db);
        var results = await Task.WhenAll(Enumerable.Range(0, 32).Select(_ => Task.Run(() => ledger.TryBeginAsync(Intent("router"), default))));

        Assert.Equal(1, results.Count(r => r));
        var open = Assert.Single(await ledger.GetOpenAsync(default));
        Assert.Equal("router/staging->production", open.PairKey);
        Assert.True(await ledger.TryBeginAsync(Intent("billing"), default));
    }

    [Fact]
    public async Task Complete_closes_the_intent_and_frees_the_pair()
    {
        using var db = DeployerDatabase.Open(_dir.File("ledger.db"));
        var ledger = new LiteDbPromotionLedger(db);
        var intent = Intent("router");
        Assert.True(await ledger.TryBeginAsync(intent, default));
        await ledger.SetExternalIdAsync(intent.Id, "local-123", default);
        await ledger.CompleteAsync(intent.Id, PromotionOutcome.Failed, "boom", T0.AddMinutes(1), default);

        Assert.Empty(await ledger.GetOpenAsync(default));
        var done = Assert.Single(await ledger.GetRecentAsync("router", 5, default));
        Assert.Equal(PromotionOutcome.Failed, done.Outcome);
        Assert.Equal("local-123", done.ExternalId);
        Assert.Equal("boom", done.Message);
        Assert.Equal(T0.AddMinutes(1), done.CompletedAt);
        Assert.Equal(["router-prod-us", "router-prod-eu"], done.Targets);
        Assert.True(await ledger.TryBeginAsync(Intent("router"), default));
    }

    [Fact]
    public async Task Recent_is_newest_first_and_filters_by_service()
    {
        using var db = DeployerDatabase.Open(_dir.File("ledger.db"));
        var ledger = new LiteDbPromotionLedger(db);
        for (var i = 0; i < 6; i++)
        {
            var intent = Intent(i % 2 == 0 ? "router" : "billing") with { Commit = $"c{i}000000" };
            await ledger.TryBeginAsync(intent, default);
            await ledger.CompleteAsync(intent.Id, PromotionOutcome.Succeeded, "ok", T0, default);
        }

        Assert.Equal(["c4000000", "c2000000"], (await ledger.GetRecentAsync("Router", 2, default)).Select(i => i.Commit));
        Assert.Equal("c5000000", (await ledger.GetRecentAsync(null, 1, default))[0].Commit);
    }

    [Fact]
    public async Task An_open_intent_survives_reopening_the_file()
    {
        var path = _dir.File("ledger.db");
        var intent = Intent("router");
        using (var db = DeployerDatabase.Open(path))
        {
            await new LiteDbPromotionLedger(db).TryBeginAsync(intent, default);
        }

        using var reopened = DeployerDatabase.Open(path);
        var ledger = new LiteDbPromotionLedger(reopened);
        Assert.Equal(intent.Id, Assert.Single(await ledger.GetOpenAsync(default)).Id);
        Assert.False(await ledger.TryBeginAsync(Intent("router"), default));
    }

    [Fact]
    public async Task Recent_for_a_service_never_takes_in_a_service_whose_name_it_prefixes()
    {
        using var db = DeployerDatabase.Open(_dir.File("ledger.db"));
        var ledger = new LiteDbPromotionLedger(db);
        string[] services = ["svc-7", "svc-70", "svc-7a", "svc-6", "SVC-7"];
        for (var i = 0; i < 25; i++)
        {
            var intent = Intent(services[i % services.Length]) with { Commit = $"c{i:D2}00000" };
            await ledger.TryBeginAsync(intent, default);
            await ledger.CompleteAsync(intent.Id, PromotionOutcome.Succeeded, "ok", T0, default);
        }

        // svc-7 and SVC-7 are one service (keys are case-insensitive); i % 5 is 0 or 4.
        var expected = Enumerable.Range(0, 25).Where(i => i % 5 is 0 or 4).Reverse().Select(i => $"c{i:D2}00000").ToArray();
        Assert.Equal(expected, (await ledger.GetRecentAsync("svc-7", 100, default)).Select(i => i.Commit));
        Assert.Equal(expected[..3], (await ledger.GetRecentAsync("Svc-7", 3, default)).Select(i => i.Commit));
        Assert.Equal(["c2100000", "c1600000"], (await ledger.GetRecentAsync("svc-70", 2, default)).Select(i => i.Commit));
        Assert.Empty(await ledger.GetRecentAsync("svc", 100, default));
    }

    [Fact]
    public async Task Promotions_written_before_the_service_order_key_existed_are_read_after_reopening()
    {
        var path = _dir.File("ledger.db");
        using (var db = DeployerDatabase.Open(path))
        {
            var ledger = new LiteDbPromotionLedger(db);
            for (var i = 0; i < 3; i++)
            {
                await ledger.TryBeginAsync(Intent("router") with { Commit = $"c{i}000000" }, default);
                await ledger.CompleteAsync((await ledger.GetOpenAsync(default))[0].Id, PromotionOutcome.Succeeded, "ok", T0, default);
            }

            // As an older build wrote them: no ServiceSequence field at all.
            var raw = db.GetCollection(LiteDbPromotionLedger.CollectionName);
            foreach (var document in raw.FindAll().ToList())
            {
                document.Remove(nameof(PromotionDocument.ServiceSequence));
                raw.Update(document);
            }

            Assert.Empty(await ledger.GetRecentAsync("router", 10, default));
        }

        using var reopened = DeployerDatabase.Open(path);
        var read = new LiteDbPromotionLedger(reopened);
        await read.TryBeginAsync(Intent("router") with { Commit = "c3000000" }, default);
        Assert.Equal(["c3000000", "c2000000", "c1000000", "c0000000"], (await read.GetRecentAsync("router", 10, default)).Select(i => i.Commit));
    }

    internal static PromotionIntent Intent(string service) => new()
    {
        Service = service,
        From = "staging",
        To = "production",
        Commit = "9f1c2ab4f00d",
        Version = 42,
        SourceTarget = $"{service}-staging-us",
        Targets = ["router-prod-us", "router-prod-eu"],
        StartedAt = T0,
    };

    public void Dispose() => _dir.Dispose();
}
