using Deployer.Bot.Store;
using Deployer.Bot.Tests.Support;
using Deployer.Core.Manifests;
using Deployer.Core.Ports;

namespace Deployer.Bot.Tests.Store;

public sealed class LiteDbTestResultStoreTests : IDisposable
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 26, 12, 0, 0, TimeSpan.Zero);
    private readonly TempDir _dir = new();

    [Fact]
    public async Task Newest_report_wins_and_short_and_full_shas_match()
    {
        using var db = DeployerDatabase.Open(_dir.File("tests.db"));
        var store = new LiteDbTestResultStore(db);
        await store.RecordAsync(null, new TestResult("direwolf", "9f1c2ab", TestRunStatus.Pending, null), T0, default);
        await store.RecordAsync(null, new TestResult("direwolf", "9F1C2AB4F00D", TestRunStatus.Passed, T0.AddMinutes(3), "https://ci/1"), T0, default);

        var result = await store.GetAsync(Manifest("router"), "9f1c2ab4f00d1234", "DIREWOLF", default);
        Assert.NotNull(result);
        Assert.Equal(TestRunStatus.Passed, result.Status);
        Assert.Equal(T0.AddMinutes(3), result.CompletedAt);
        Assert.Equal("https://ci/1", result.Url);
        Assert.Null(await store.GetAsync(Manifest("router"), "9f1c2ab4f00d", "other-suite", default));
        Assert.Null(await store.GetAsync(Manifest("router"), "41d0e2c", "direwolf", default));
    }

    [Fact]
    public async Task A_report_naming_a_service_counts_only_for_it()
    {
        using var db = DeployerDatabase.Open(_dir.File("tests.db"));
        var store = new LiteDbTestResultStore(db);
        await store.RecordAsync("billing", new TestResult("e2e", "abcdef1", TestRunStatus.Failed, T0), T0, default);

        Assert.Equal(TestRunStatus.Failed, (await store.GetAsync(Manifest("billing"), "abcdef1", "e2e", default))?.Status);
        Assert.Null(await store.GetAsync(Manifest("router"), "abcdef1", "e2e", default));
    }

    private static ServiceManifest Manifest(string service) => new()
    {
        Service = service,
        Stages = [new StageSpec { Name = "staging", Targets = [$"{service}-staging"] }],
    };

    public void Dispose() => _dir.Dispose();
}
