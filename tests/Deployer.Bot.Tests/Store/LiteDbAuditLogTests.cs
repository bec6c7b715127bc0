using Deployer.Bot.Store;
using Deployer.Bot.Tests.Support;
using Deployer.Core.Audit;
using LiteDB;

namespace Deployer.Bot.Tests.Store;

public sealed class LiteDbAuditLogTests : IDisposable
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 26, 12, 0, 0, TimeSpan.Zero);
    private readonly TempDir _dir = new();

    [Fact]
    public async Task Returns_newest_first_per_service_and_for_all()
    {
        using var db = DeployerDatabase.Open(_dir.File("audit.db"));
        var log = new LiteDbAuditLog(db);
        for (var i = 0; i < 10; i++)
        {
            await log.AppendAsync(Entry(i % 2 == 0 ? "router" : "Billing", $"entry {i}", T0.AddSeconds(i)), default);
        }

        var router = await log.QueryAsync("ROUTER", 3, default);
        Assert.Equal(["entry 8", "entry 6", "entry 4"], router.Select(e => e.Summary));
        Assert.All(router, e => Assert.Equal("router", e.Service));
        var all = await log.QueryAsync(null, 4, default);
        Assert.Equal(["entry 9", "entry 8", "entry 7", "entry 6"], all.Select(e => e.Summary));
        Assert.Equal(T0.AddSeconds(9), all[0].At);
        Assert.True(all[0].Id > all[1].Id);
    }

    [Fact]
    public async Task Round_trips_every_field()
    {
        using var db = DeployerDatabase.Open(_dir.File("audit.db"));
        var log = new LiteDbAuditLog(db);
        var entry = Entry("router", "promoted 9f1c2ab", T0.AddTicks(1234567)) with
        {
            Kind = AuditKind.PromotionSucceeded,
            Actor = "U0ALICE",
            Pair = "staging→production",
            Commit = "9f1c2ab",
            Data = new Dictionary<string, string> { ["intent"] = "abc" },
        };
        await log.AppendAsync(entry, default);

        var read = Assert.Single(await log.QueryAsync("router", 10, default));
        Assert.Equal(entry with { Id = read.Id, Data = read.Data }, read);
        Assert.Equal("abc", read.Data["intent"]);
    }

    [Fact]
    public async Task Service_history_walks_the_service_index_newest_first_without_sorting()
    {
        using var db = DeployerDatabase.Open(_dir.File("audit.db"));
        var log = new LiteDbAuditLog(db);
        var services = new[] { "router", "billing", "checkout", "search" };
        for (var i = 0; i < 20_000; i++)
        {
            await log.AppendAsync(Entry(services[i % services.Length], $"e{i}", T0), default);
        }

        var plan = log.Newest("router").Limit(20).GetPlan();
        Assert.Contains("Key", plan["index"]["expr"].AsString, StringComparison.Ordinal);
        Assert.False(plan.ContainsKey("orderBy"), plan.ToString());
        var allPlan = log.Newest(null).Limit(20).GetPlan();
        Assert.Contains("_id", allPlan["index"]["expr"].AsString, StringComparison.Ordinal);
        Assert.False(allPlan.ContainsKey("orderBy"), allPlan.ToString());

        var started = System.Diagnostics.Stopwatch.StartNew();
        var history = await log.QueryAsync("router", 20, default);
        Assert.True(started.Elapsed < TimeSpan.FromSeconds(1), $"took {started.Elapsed}");
        Assert.Equal(20, history.Count);
        Assert.Equal("e19996", history[0].Summary);
        Assert.Equal("e19992", history[1].Summary);
    }

    [Fact]
    public async Task Parallel_appends_get_distinct_increasing_ids_and_survive_reopen()
    {
        var path = _dir.File("audit.db");
        using (var db = DeployerDatabase.Open(path))
        {
            var log = new LiteDbAuditLog(db);
            await Task.WhenAll(Enumerable.Range(0, 16).Select(t => Task.Run(async () =>
            {
                for (var i = 0; i < 50; i++)
                {
                    await log.AppendAsync(Entry($"svc{t % 4}", $"{t}-{i}", T0), default);
                }
            })));
        }

        using var reopened = DeployerDatabase.Open(path);
        var again = new LiteDbAuditLog(reopened);
        var all = await again.QueryAsync(null, 1000, default);
        Assert.Equal(800, all.Count);
        Assert.Equal(800, all.Select(e => e.Id).Distinct().Count());
        Assert.Equal(all.OrderByDescending(e => e.Id).Select(e => e.Id), all.Select(e => e.Id));
        await again.AppendAsync(Entry("svc0", "after reopen", T0), default);
        Assert.Equal(801, (await again.QueryAsync("svc0", 1, default))[0].Id);
    }

    internal static AuditEntry Entry(string service, string summary, DateTimeOffset at) => new()
    {
        At = at,
        Service = service,
        Kind = AuditKind.Decision,
        Actor = "engine",
        Summary = summary,
    };

    public void Dispose() => _dir.Dispose();
}
