using System.Collections.Concurrent;
using Deployer.Bot.Notifications.Slack;
using Deployer.Bot.Tests.ChatOps.Fakes;
using Deployer.Core.Decisions;
using Deployer.Core.Engine;
using Deployer.Core.Events;
using Deployer.Core.Holds;
using Deployer.Core.Manifests;
using Deployer.Core.Ports;
using Deployer.Core.Releases;
using Deployer.Integrations.Extensions;
using Deployer.Integrations.Tests.Fakes;
using LiteDB;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Deployer.Bot.Tests.Notifications;

/// <summary>
/// The change list end to end: the engine over the real GitHub adapter (its HttpClient path) against a fake GitHub on
/// 127.0.0.1, the announcements it queues, and the Slack message rendered from them.
/// </summary>
public sealed class ChangeListGitHubTests : IAsyncLifetime
{
    private const string A = "aaaaaaa1111111111111111111111111111111111";
    private const string B = "bbbbbbb2222222222222222222222222222222222";
    private const string C = "ccccccc3333333333333333333333333333333333";
    private const string Key = "router/staging->production";
    private static readonly DateTimeOffset Start = new(2026, 11, 26, 14, 0, 0, TimeSpan.Zero);

    private readonly FakeTimeProvider _time = new(Start);
    private readonly FakePlatform _platform;
    private readonly LiteDatabase _db = new(new MemoryStream());
    private readonly Recorder _events = new();
    private readonly ListLogger _log = new();
    private FakeHttpServer _github = null!;
    private ServiceProvider? _services;

    public ChangeListGitHubTests() => _platform = new FakePlatform(time: _time);

    public async Task InitializeAsync() => _github = await FakeHttpServer.StartAsync();

    public async Task DisposeAsync()
    {
        if (_services is not null)
        {
            await _services.DisposeAsync();
        }

        await _github.DisposeAsync();
        _db.Dispose();
    }

    private static ServiceManifest Router(string? repository = "acme/router") => new()
    {
        Service = "router",
        Repository = repository,
        Platform = new PlatformSpec { Kind = "fake" },
        Slack = new SlackSpec { Channel = "C0ROUTER01" },
        Stages = [new StageSpec { Name = "staging", Targets = ["router-staging"] }, new StageSpec { Name = "production", Targets = ["router-prod"] }],
        Checks = new ChecksSpec { ReleaseAge = new ReleaseAgeSpec(TimeSpan.FromHours(1)) },
    };

    private IReadOnlyList<DecisionChanged> Announced => [.. _events.Events.OfType<DecisionChanged>().Where(c => c.Current.PairKey == Key)];

    private int Compares(string from, string to) => _github.Requests.Count(r => r.Path == $"/api/v3/repos/acme/router/compare/{from}...{to}");

    private PromotionEngine Engine(ServiceManifest manifest, MemoryStores stores, bool token = true)
    {
        var settings = new Dictionary<string, string?>
        {
            ["GitHub:ApiBaseUrl"] = _github.Url + "/api/v3",
            ["GitHub:Timeout"] = "00:00:05",
            ["GitHub:MaxRetries"] = "0",
        };
        if (token)
        {
            settings["GitHub:Token"] = "gh-token";
        }

        var services = new ServiceCollection().AddLogging();
        services.AddDeployerIntegrations(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        _services = services.BuildServiceProvider();
        return new PromotionEngine(
            new ManifestCatalog([manifest]), new PlatformRegistry([_platform]),
            new EngineSources([], [], [], _services.GetServices<ICommitInfo>()),
            new EngineState(stores, stores, stores, stores, _events), new EngineOptions { CheckTimeout = TimeSpan.FromSeconds(10) }, _time, _log);
    }

    private void Compare(string from, string to, int total) =>
        _github.OnJson("GET", $"/api/v3/repos/acme/router/compare/{from}...{to}", $$"""
            {"status":"ahead","total_commits":{{total}},"html_url":"https://github.com/acme/router/compare/{{from[..7]}}...{{to[..7]}}",
             "commits":[{{string.Join(",", Enumerable.Range(1, Math.Min(total, 250)).Select(i =>
                "{\"sha\":\"" + i.ToString("x7", System.Globalization.CultureInfo.InvariantCulture) + to[7..] + "\",\"commit\":{\"message\":\"Change " + i.ToString(System.Globalization.CultureInfo.InvariantCulture) + "\\n\\nbody\",\"author\":{\"name\":\"dev" + (i % 3).ToString(System.Globalization.CultureInfo.InvariantCulture) + "\"}}}"))}}]}
            """);

    /// <summary>The mrkdwn of every section of the decision message, as Slack receives it (serialized, parsed back).</summary>
    private static string SlackText(DecisionChanged change)
    {
        var message = new SlackRenderer(new ManifestCatalog([Router()]), NullLogger<SlackRenderer>.Instance).Render(change)[0].Message;
        using var json = System.Text.Json.JsonDocument.Parse(System.Text.Json.JsonSerializer.Serialize(message.Blocks, Deployer.Slack.SlackJson.Options));
        return string.Join('\n', json.RootElement.EnumerateArray()
            .Where(b => b.GetProperty("type").GetString() == "section")
            .Select(b => b.GetProperty("text").GetProperty("text").GetString()));
    }

    [Fact]
    public async Task One_compare_per_pair_change_over_many_cycles_and_decision_updates_and_the_message_lists_it()
    {
        Compare(A, B, 14);
        Compare(B, C, 2);
        var stores = new MemoryStores(_db);
        var engine = Engine(Router(), stores);
        _platform.Set("router-staging", B, 2, TimeSpan.FromMinutes(10));
        _platform.Set("router-prod", A, 1, TimeSpan.FromDays(2));

        for (var i = 0; i < 5; i++)
        {
            await engine.RunCycleAsync(CancellationToken.None);
            _time.Advance(TimeSpan.FromMinutes(1));
        }

        await stores.PlaceAsync(new Hold { Service = "router", Stage = "production", Reason = "freeze", By = "U0ANA", CreatedAt = _time.GetUtcNow() }, CancellationToken.None);
        await engine.RunCycleAsync(CancellationToken.None);
        await stores.LiftAsync("router", "production", "U0ANA", _time.GetUtcNow(), CancellationToken.None);
        await engine.RunCycleAsync(CancellationToken.None);
        _time.Advance(TimeSpan.FromHours(1));
        await engine.RunCycleAsync(CancellationToken.None);
        await engine.RunCycleAsync(CancellationToken.None);
        _platform.Set("router-staging", C, 3, TimeSpan.FromHours(2));
        for (var i = 0; i < 3; i++)
        {
            await engine.RunCycleAsync(CancellationToken.None);
        }

        // C promotes at once, so its diff's read runs beside that promotion and may still be on its way.
        await Eventually.TrueAsync(() => Compares(B, C) >= 1, "the read of the second diff");
        Assert.Equal((1, 1), (Compares(A, B), Compares(B, C)));
        Assert.Equal(
            [DecisionKind.Blocked, DecisionKind.Held, DecisionKind.Blocked, DecisionKind.Promoting, DecisionKind.Promoted, DecisionKind.InSync],
            Announced.Where(c => c.Current.Commit == B).Select(c => c.Current.Kind));
        var blocked = Announced[0];
        Assert.Equal((A, B, 14, 10), (blocked.Changes!.From, blocked.Changes.To, blocked.Changes.TotalCommits, blocked.Changes.Listed.Count));
        Assert.All(Announced.Where(c => c.Current.Commit == B && c.Current.Kind != DecisionKind.InSync), c => Assert.Equal(14, c.Changes?.TotalCommits));
        var slack = SlackText(blocked);
        Assert.Contains("*14 commits* · <https://github.com/acme/router/compare/aaaaaaa...bbbbbbb|compare aaaaaaa...bbbbbbb>", slack, StringComparison.Ordinal);
        Assert.Contains("• `000000e` Change 14 — dev2", slack, StringComparison.Ordinal);
        Assert.Contains("_and 4 more_", slack, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check_runs_of_the_upstream_commit_are_named_when_the_stage_is_gated_on_tests()
    {
        Compare(A, B, 1);
        _github.OnJson("GET", $"/api/v3/repos/acme/router/commits/{B}/check-runs", """
            {"total_count":2,"check_runs":[
              {"id":1,"name":"build","status":"completed","conclusion":"success","started_at":"2026-11-26T13:00:00Z"},
              {"id":2,"name":"e2e","status":"completed","conclusion":"failure","started_at":"2026-11-26T13:00:00Z"}]}
            """);
        var manifest = Router() with { Checks = new ChecksSpec { ReleaseAge = new ReleaseAgeSpec(TimeSpan.FromHours(1)), IntegrationTests = new IntegrationTestsSpec("e2e", TimeSpan.Zero) } };
        var engine = Engine(manifest, new MemoryStores(_db));
        _platform.Set("router-staging", B, 2, TimeSpan.FromMinutes(10));
        _platform.Set("router-prod", A, 1, TimeSpan.FromDays(2));

        await engine.RunCycleAsync(CancellationToken.None);

        var change = Assert.Single(Announced);
        Assert.Equal(["build success", "e2e failure"], change.Changes!.CheckRuns.Select(r => $"{r.Name} {r.Outcome}"));
        Assert.Contains("Checks: ✅ build · ❌ e2e (failure)", SlackText(change), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_compare_failure_falls_back_to_the_short_sha_says_why_and_never_blocks_the_promotion()
    {
        _github.OnJson("GET", $"/api/v3/repos/acme/router/compare/{A}...{B}", """{"message":"Server Error"}""", 500);
        var engine = Engine(Router(), new MemoryStores(_db));
        _platform.Set("router-staging", B, 2, TimeSpan.FromHours(2));
        _platform.Set("router-prod", A, 1, TimeSpan.FromDays(2));

        await engine.RunCycleAsync(CancellationToken.None);
        await Eventually.TrueAsync(() => _log.Lines.Any(l => l.Contains("No change list for router aaaaaaa...bbbbbbb", StringComparison.Ordinal)), "the log line");
        await engine.RunCycleAsync(CancellationToken.None);

        Assert.Equal([DecisionKind.Promoting, DecisionKind.Promoted, DecisionKind.InSync], Announced.Select(c => c.Current.Kind));
        Assert.Equal(1, _platform.PromoteCalls);
        Assert.All(Announced, c => Assert.Null(c.Changes));
        Assert.Equal(1, Compares(A, B));
        Assert.Contains(_log.Lines, l => l.Contains("500", StringComparison.Ordinal) && l.Contains("short shas", StringComparison.Ordinal));
        var slack = SlackText(Announced[1]);
        Assert.Contains("`bbbbbbb` v2", slack, StringComparison.Ordinal);
        Assert.DoesNotContain("commits*", slack, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(false, "acme/router")]
    [InlineData(true, null)]
    public async Task Without_a_token_or_a_repository_github_is_not_asked_and_the_message_shows_the_short_sha(bool token, string? repository)
    {
        Compare(A, B, 3);
        var engine = Engine(Router(repository), new MemoryStores(_db), token);
        _platform.Set("router-staging", B, 2, TimeSpan.FromMinutes(10));
        _platform.Set("router-prod", A, 1, TimeSpan.FromDays(2));

        await engine.RunCycleAsync(CancellationToken.None);
        await engine.RunCycleAsync(CancellationToken.None);

        var change = Assert.Single(Announced);
        Assert.Null(change.Changes);
        Assert.Empty(_github.Requests);
        Assert.Contains("`bbbbbbb` v2", SlackText(change), StringComparison.Ordinal);
    }

    private sealed class Recorder : IEventPublisher
    {
        public ConcurrentQueue<DeployerEvent> Events { get; } = new();

        public Task PublishAsync(DeployerEvent deployerEvent, CancellationToken cancellationToken)
        {
            Events.Enqueue(deployerEvent);
            return Task.CompletedTask;
        }
    }

    private sealed class ListLogger : ILogger<PromotionEngine>
    {
        public ConcurrentQueue<string> Lines { get; } = new();

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            Lines.Enqueue($"{logLevel}: {formatter(state, exception)}");
    }
}
