using System.Net;
using System.Text.Json;
using CliWrap;
using CliWrap.Buffered;
using Deployer.Bot.Cli;
using Deployer.Bot.Scheduling;
using Deployer.Bot.Store;
using Deployer.Bot.Tests.Support;
using Deployer.Core.Audit;
using LiteDB;
using Microsoft.Extensions.DependencyInjection;

namespace Deployer.Bot.Tests.Store;

/// <summary>A damaged, truncated, zeroed or empty store: at start (the bot as a process), while running, and the store CLI verbs.</summary>
[Collection(Scheduling.HostKillCollection.Name)]
public sealed class DamagedStoreTests : IDisposable
{
    private readonly TempDir _dir = new();

    /// <summary>A real store with 3,000 audit entries (a few hundred KB), closed cleanly.</summary>
    private string GoodStore(string name = "data/deployer.db")
    {
        var path = _dir.File(name);
        using (var db = DeployerDatabase.Open(path))
        {
            var audit = new LiteDbAuditLog(db);
            for (var i = 0; i < 3000; i++)
            {
                audit.AppendAsync(new AuditEntry { At = DateTimeOffset.UnixEpoch.AddMinutes(i), Service = "demo", Kind = AuditKind.Hold, Actor = "U1", Summary = new string('x', 100) + i }, default).GetAwaiter().GetResult();
            }

            db.Checkpoint();
        }

        return path;
    }

    private static void Damage(string path, string how)
    {
        var bytes = File.ReadAllBytes(path);
        switch (how)
        {
            case "random":
                new Random(5).NextBytes(bytes);
                File.WriteAllBytes(path, bytes);
                break;
            case "header":
                Array.Clear(bytes, 0, 200);
                new Random(6).NextBytes(bytes.AsSpan(20, 100));
                File.WriteAllBytes(path, bytes);
                break;
            case "half":
                File.WriteAllBytes(path, bytes[..(bytes.Length / 2)]);
                break;
            default: // zeroed in the middle
                Array.Clear(bytes, bytes.Length / 3, bytes.Length / 3);
                File.WriteAllBytes(path, bytes);
                break;
        }
    }

    [Theory]
    [InlineData("random")]
    [InlineData("header")]
    [InlineData("half")]
    [InlineData("zeroed")]
    public async Task A_damaged_store_stops_start_up_with_one_line_naming_Store_Path_and_what_to_do(string how)
    {
        Damage(GoodStore(), how);
        TestBot.Prepare(_dir);

        var result = await Bot("--Urls=http://127.0.0.1:0", "--Store:Path=data/deployer.db", "--ChatOps:ReadConsole=false", "--Local:Simulator:Enabled=false");

        Assert.NotEqual(0, result.ExitCode);
        var line = Assert.Single(result.StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith($"Store error: {_dir.File("data/deployer.db")} (Store:Path) cannot be read: ", line, StringComparison.Ordinal);
        Assert.Contains("store repair", line, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.StandardOutput + result.StandardError, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("half")]
    [InlineData("zeroed")]
    public void Store_check_finds_the_damage_and_repair_rebuilds_keeping_the_damaged_copy(string how)
    {
        var path = GoodStore();
        Assert.Equal(0, Cli(out var ok, "check", "--path", path));
        Assert.Contains("ok, ", ok, StringComparison.Ordinal);
        Damage(path, how);

        Assert.Equal(1, Cli(out var damaged, "check", "--path", path));
        Assert.Contains("DAMAGED", damaged, StringComparison.Ordinal);

        var repair = Cli(out var repaired, "repair", "--path", path);
        Assert.True(repair == 0, repaired);
        Assert.Single(Directory.GetFiles(Path.GetDirectoryName(path)!, "deployer.db.damaged-*"));
        Assert.Equal(0, Cli(out _, "check", "--path", path));
        using var db = DeployerDatabase.Open(path);
        var recovered = db.GetCollection(LiteDbAuditLog.CollectionName).Count();
        // Zeroed pages lose their documents only; a file cut in half may lose the collection's pages with them.
        Assert.InRange(recovered, how == "zeroed" ? 1 : 0, 3000);
    }

    [Fact]
    public async Task Backup_copies_a_store_that_is_open_for_writing_and_checks_the_copy()
    {
        var path = GoodStore();
        using var live = DeployerDatabase.Open(path);
        var audit = new LiteDbAuditLog(live);
        await audit.AppendAsync(new AuditEntry { At = DateTimeOffset.UnixEpoch, Service = "demo", Kind = AuditKind.Hold, Actor = "U1", Summary = "after checkpoint" }, default);

        var exit = Cli(out var said, "backup", _dir.File("backup.db"), "--path", path);

        Assert.True(exit == 0, said);
        Assert.Contains("backed up 3001 documents", said, StringComparison.Ordinal);
        Assert.Equal(0, Cli(out _, "check", "--path", _dir.File("backup.db")));
        Assert.Equal(1, Cli(out var again, "backup", _dir.File("backup.db"), "--path", path));
        Assert.Contains("exists", again, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_empty_store_file_is_warned_about_loudly_at_start()
    {
        Directory.CreateDirectory(_dir.File("data"));
        File.WriteAllBytes(_dir.File("data/deployer.db"), []);
        TestBot.Prepare(_dir);

        await using var bot = await ChildBot.StartAsync(_dir.Path, ["--Urls=http://127.0.0.1:0", "--Store:Path=data/deployer.db", "--ChatOps:ReadConsole=false", "--Local:Simulator:Enabled=false"]);
        await bot.StopAsync();

        Assert.Contains("exists but is EMPTY (0 bytes)", bot.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_store_that_fails_while_running_turns_healthz_503_and_stops_the_cycles()
    {
        await using var bot = await TestBot.StartAsync(_dir);
        var runner = bot.Services.GetRequiredService<CycleRunner>();
        await Eventually.TrueAsync(() => runner.Status.Completed >= 1, "a first cycle");
        using (var healthy = await bot.Http.GetAsync("/healthz"))
        {
            Assert.Equal(HttpStatusCode.OK, healthy.StatusCode);
        }

        bot.Services.GetRequiredService<LiteDatabase>().Dispose(); // the ledger is gone from under the running bot
        var body = await Eventually.GetAsync(
            async () =>
            {
                using var response = await bot.Http.GetAsync("/healthz");
                return response.StatusCode == HttpStatusCode.ServiceUnavailable ? JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone() : (JsonElement?)null;
            },
            b => b!.Value.GetProperty("components").GetProperty("store").GetProperty("detail").GetString()!.StartsWith("damaged: ", StringComparison.Ordinal),
            "healthz 503 with the store damaged");

        Assert.Equal("unhealthy", body!.Value.GetProperty("status").GetString());
        var reported = bot.Services.GetRequiredService<TimeProvider>().GetUtcNow();
        var completed = runner.Status.Completed;
        await Task.Delay(1000); // five cycle intervals: none may start
        // A cycle already running when the store went may still finish with its pipelines' store errors (seen once in a
        // full run): it started before the 503. No cycle that started after it may complete.
        var status = runner.Status;
        Assert.True(
            status.Completed == completed || (status.Completed == completed + 1 && status.LastStartedAt < reported),
            $"completed {completed} at the 503, {status.Completed} a second later (last started {status.LastStartedAt:O}, 503 at {reported:O})");
    }

    private static int Cli(out string said, params string[] args)
    {
        using var output = new StringWriter();
        var exit = StoreCommand.Run(args, output, output);
        said = output.ToString();
        return exit;
    }

    private async Task<BufferedCommandResult> Bot(params string[] args) =>
        await CliWrap.Cli.Wrap("dotnet")
            .WithArguments([RepoPaths.BotDll, .. args])
            .WithEnvironmentVariables(e => e.Set("DEPLOYER_ROOT", _dir.Path))
            .WithValidation(CommandResultValidation.None)
            .ExecuteBufferedAsync();

    public void Dispose() => _dir.Dispose();
}
