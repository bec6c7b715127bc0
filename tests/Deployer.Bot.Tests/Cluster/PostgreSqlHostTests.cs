using System.Net;
using System.Text.Json;
using Deployer.Bot.Hosting;
using Deployer.Bot.Tests.Support;

namespace Deployer.Bot.Tests.Cluster;

/// <summary>The real host with <c>Store:Provider=PostgreSql</c>: it runs cycles on the shared store, reports the cluster, and never opens the LiteDB file.</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgreSqlHostTests(PostgresServer server) : IDisposable
{
    private readonly TempDir _dir = new();

    [Fact]
    public async Task Runs_cycles_clustered_reports_the_cluster_and_never_opens_the_LiteDB_file()
    {
        var settings = new Dictionary<string, string?>
        {
            ["Store:Provider"] = "PostgreSql",
            ["Store:ConnectionString"] = await server.NewDatabaseAsync(migrated: false),
            ["Store:NodeId"] = "host-test-node",
        };
        await using (var bot = await TestBot.StartAsync(_dir, settings))
        {
            var health = await Eventually.GetAsync(
                () => ApiJson.GetAsync(bot.Http, "/healthz"),
                h => h.GetProperty("cycles").GetProperty("completed").GetInt64() > 0 && h.GetProperty("cluster").Str("lastCycleNode") is not null,
                "a clustered cycle reported by /healthz");
            Assert.Equal("healthy", health.Str("status"));
            Assert.StartsWith("PostgreSQL, schema version", health.GetProperty("store").Str("detail"), StringComparison.Ordinal);
            var cluster = health.GetProperty("cluster");
            Assert.True(cluster.GetProperty("clustered").GetBoolean());
            Assert.Equal("host-test-node", cluster.Str("node"));
            Assert.Equal("host-test-node", cluster.Str("lastCycleNode"));
            Assert.Equal(["host-test-node"], cluster.GetProperty("nodes").EnumerateArray().Select(n => n.GetString()));
            Assert.Matches("deployer_cluster_nodes\\{[^}]*\\} 1", await bot.Http.GetStringAsync("/metrics"));

            var audit = await Eventually.GetAsync(
                () => ApiJson.GetAsync(bot.Http, "/api/audit?service=demo&limit=50"),
                a => a.Items().Any(e => e.Str("kind") == "PromotionSucceeded"),
                "the demo pipeline promoted through the PostgreSQL store");
            Assert.NotEmpty(audit.Items());
        }

        Assert.False(Directory.Exists(_dir.File("data")), "the LiteDB file's folder was created");
    }

    [Fact]
    public async Task PostgreSql_without_a_connection_string_stops_start_up_naming_the_key()
    {
        TestBot.Prepare(_dir);
        var app = TestBot.Build(_dir.Path, TestBot.Settings(_dir.Path, new Dictionary<string, string?> { ["Store:Provider"] = "PostgreSql" }));
        using var error = new StringWriter();

        Assert.Equal(1, await DeployerHost.RunAsync(app, error));
        Assert.Contains("Store:ConnectionString is required when Store:Provider is PostgreSql; set the environment variable Store__ConnectionString", error.ToString(), StringComparison.Ordinal);
        await app.DisposeAsync();
    }

    [Fact]
    public async Task An_unreachable_database_stops_start_up_with_one_line_naming_the_setting()
    {
        TestBot.Prepare(_dir);
        var app = TestBot.Build(_dir.Path, TestBot.Settings(_dir.Path, new Dictionary<string, string?>
        {
            ["Store:Provider"] = "PostgreSql",
            ["Store:ConnectionString"] = $"Host=127.0.0.1;Port={server.Port};Username=deployer;Database=no_such_database;Timeout=5",
        }));
        using var error = new StringWriter();

        Assert.Equal(1, await DeployerHost.RunAsync(app, error));
        var text = error.ToString().Trim();
        Assert.StartsWith("Configuration error: Store:ConnectionString: cannot use the PostgreSQL database", text, StringComparison.Ordinal);
        Assert.DoesNotContain("\n", text, StringComparison.Ordinal);
        await app.DisposeAsync();
    }

    public void Dispose() => _dir.Dispose();
}
