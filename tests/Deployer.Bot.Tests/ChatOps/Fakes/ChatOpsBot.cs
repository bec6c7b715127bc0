using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Deployer.Bot.ChatOps;
using Deployer.Bot.Notifications;
using Deployer.Bot.Store;
using Deployer.Core.Engine;
using Deployer.Core.Manifests;
using Deployer.Core.Ports;
using Deployer.Core.Rollback;
using Deployer.Slack.Signing;
using LiteDB;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using Quartz;

namespace Deployer.Bot.Tests.ChatOps.Fakes;

/// <summary>The bot's chat side wired to a real engine (fake platform, in-memory stores), on Kestrel, against a fake Slack.</summary>
internal sealed class ChatOpsBot : IAsyncDisposable
{
    public const string Channel = "C_ROUTER";
    public const string Secret = "test-signing-secret";
    public const string OldCommit = "aaaaaaa1111111111111111111111111111111aa";
    public const string NewCommit = "bbbbbbb2222222222222222222222222222222bb";

    private readonly WebApplication _app;
    private readonly LiteDatabase _db;
    private string _responseBase = "";

    private ChatOpsBot(WebApplication app, LiteDatabase db, FakeTimeProvider time, FakePlatform platform, MemoryStores stores, FakeIncidentSource incidents)
    {
        _app = app;
        _db = db;
        Time = time;
        Platform = platform;
        Stores = stores;
        Incidents = incidents;
    }

    public FakeTimeProvider Time { get; }
    public FakePlatform Platform { get; }
    public MemoryStores Stores { get; }
    public FakeIncidentSource Incidents { get; }
    public IServiceProvider Services => _app.Services;
    public PromotionEngine Engine => Services.GetRequiredService<PromotionEngine>();
    public HttpClient Http { get; private set; } = null!;

    public static ServiceManifest Router { get; } = new()
    {
        Service = "router",
        Owners = ["UOWNER001"],
        Slack = new SlackSpec { Channel = Channel },
        Stages =
        [
            new StageSpec { Name = "staging", Targets = ["router-staging"] },
            new StageSpec { Name = "production", Targets = ["router-prod"] },
        ],
        Checks = new ChecksSpec { ReleaseAge = new ReleaseAgeSpec(TimeSpan.FromMinutes(30)), Incidents = new IncidentsSpec(["PD-ROUTER"]) },
    };

    public static async Task<ChatOpsBot> StartAsync(
        FakeSlackServer slack, ChatMode mode, Action<IServiceCollection>? services = null, Dictionary<string, string?>? settings = null, ServiceManifest? manifest = null)
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2025, 3, 4, 10, 0, 0, TimeSpan.Zero));
        var platform = new FakePlatform("local", time)
        {
            UnrecordedPromotionsNeverStarted = false,
            ExternalIdOf = r => $"promo-{r.Release.Version}",
            SuccessMessage = r => $"released v{r.Release.Version} to {string.Join(", ", r.Targets)}",
        };
        platform.Set("router-staging", NewCommit, 2, TimeSpan.FromMinutes(10));
        platform.Set("router-prod", OldCommit, 1, TimeSpan.FromDays(2));
        var db = DeployerDatabase.InMemory();
        var stores = new MemoryStores(db);
        var incidents = new FakeIncidentSource("local");

        var builder = WebApplication.CreateSlimBuilder(["--hostBuilder:reloadConfigOnChange=false"]); // no watcher on the working folder
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        if (Environment.GetEnvironmentVariable("CHATOPS_TEST_LOG") is not null)
        {
            builder.Logging.AddConsole();
        }

        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Slack:Mode"] = mode.ToString(),
            ["Slack:BotToken"] = "xoxb-test",
            ["Slack:AppToken"] = "xapp-test",
            ["Slack:SigningSecret"] = Secret,
            ["Slack:ApiBaseUrl"] = slack.ApiBaseUrl.ToString(),
            ["Slack:PostMessageInterval"] = "00:00:00",
            ["Slack:MaxRetries"] = "0",
            // The Slack pipeline's timeouts run on the fake clock, which these tests move by minutes while a call may be
            // on the wire; timeouts are SlackResilienceTests' business, so here they never fire.
            ["Slack:HttpTimeout"] = "1.00:00:00",
            ["Slack:TotalTimeout"] = "1.00:00:00",
            ["ChatOps:OutboxInterval"] = "00:00:00.050",
            ["ChatOps:ApprovalExpiryInterval"] = "00:00:00.050",
            ["ChatOps:ReadConsole"] = "false",
            // Direct messages to approvers (issue 16) are ApproverDirectMessageTests' business; elsewhere the request is only in the channel.
            ["ChatOps:ApproverDirectMessages"] = "0",
            ["Authorization:Operators:0"] = "UOPS00001",
            ["Authorization:ForcePromoters:0"] = "UREQ00001",
            ["Authorization:ForcePromoters:1"] = "UOPS00001",
            ["Authorization:Approvers:0"] = "@S_APPROVERS",
            ["Authorization:Approvers:1"] = "UREQ00001",
        });
        if (settings is not null)
        {
            builder.Configuration.AddInMemoryCollection(settings);
        }

        var catalog = new ManifestCatalog([manifest ?? Router]);
        var sources = new EngineSources([], [incidents], [], []);
        builder.Services.AddSingleton<TimeProvider>(time);
        builder.Services.AddSingleton<IManifestCatalog>(catalog);
        builder.Services.AddSingleton(sources);
        builder.Services.AddSingleton(db);
        builder.Services.AddSingleton<IHoldStore>(stores);
        builder.Services.AddSingleton<IAuditLog>(stores);
        var verifications = new Deployer.Bot.Store.LiteDbVerificationStore(db);
        var blockedNotices = new Deployer.Bot.Store.LiteDbBlockedNoticeStore(db);
        EngineState State(IServiceProvider sp) => new(
            sp.GetRequiredService<IHoldStore>(), stores, stores, stores, sp.GetRequiredService<IEventPublisher>(),
            verifications, BlockedNotices: blockedNotices);
        builder.Services.AddSingleton(sp => State(sp) with { Rollback = sp.GetRequiredService<IStageRollback>() });
        builder.Services.AddSingleton(sp => new PromotionEngine(
            catalog, new PlatformRegistry([platform]), sources, sp.GetRequiredService<EngineState>(), new EngineOptions(), time));
        builder.Services.AddSingleton<IStageRollback>(sp => new StageRollback(
            catalog, new PlatformRegistry([platform]), State(sp), new EngineOptions(), time));
        builder.Services.AddChatOps(builder.Configuration);
        // Quartz runs on the fake clock too: its repeating triggers fire as the test advances time.
        // A name of its own: Quartz keeps schedulers in a process-wide repository by name, and test hosts run side by side.
        builder.Services.AddQuartz(q => q.ConfigureScheduler(o => o.InstanceName = $"chatops-{Guid.NewGuid():N}"));
        builder.Services.AddQuartzHostedService(o => o.WaitForJobsToComplete = true);
        services?.Invoke(builder.Services);

        var app = builder.Build();
        app.MapChatOps();
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new ChatOpsBot(app, db, time, platform, stores, incidents) { Http = new HttpClient { BaseAddress = new Uri(address) }, _responseBase = slack.ResponseUrl("") };
    }

    public Task<CycleReport> RunCycleAsync() => Engine.RunCycleAsync(CancellationToken.None);

    /// <summary>POSTs a signed slash command; returns the status and the acknowledgement body.</summary>
    public async Task<(int Status, JsonElement Body)> SlashAsync(string user, string text, string responseId, bool sign = true, string command = "/deployer")
    {
        var form = $"command={Uri.EscapeDataString(command)}&text={Uri.EscapeDataString(text)}&user_id={user}&channel_id=C_ANY&team_id=T1&response_url={Uri.EscapeDataString(ResponseUrl(responseId))}";
        return await PostSignedAsync("/slack/commands", form, sign);
    }

    /// <summary>POSTs a signed block_actions payload (a button press).</summary>
    public async Task<int> ClickAsync(string user, string actionId, string value, string responseId)
    {
        var payload = System.Text.Json.JsonSerializer.Serialize(new
        {
            type = "block_actions",
            user = new { id = user },
            channel = new { id = Channel },
            container = new { message_ts = "1.1" },
            response_url = ResponseUrl(responseId),
            actions = new[] { new { action_id = actionId, value, type = "button" } },
        });
        return (await PostSignedAsync("/slack/interactions", "payload=" + Uri.EscapeDataString(payload), true)).Status;
    }

    public string ResponseUrl(string id) => _responseBase + id;

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        _db.Dispose();
    }

    private async Task<(int Status, JsonElement Body)> PostSignedAsync(string path, string body, bool sign)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(body, Encoding.UTF8, "application/x-www-form-urlencoded") };
        var ts = Time.GetUtcNow().ToUnixTimeSeconds();
        request.Headers.Add("X-Slack-Request-Timestamp", ts.ToString(System.Globalization.CultureInfo.InvariantCulture));
        request.Headers.Add("X-Slack-Signature", sign ? new SlackRequestSigner(Secret).Sign(ts, body) : "v0=bad");
        using var response = await Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return ((int)response.StatusCode, text.Length > 0 && text.TrimStart().StartsWith('{') ? JsonDocument.Parse(text).RootElement.Clone() : default);
    }
}
