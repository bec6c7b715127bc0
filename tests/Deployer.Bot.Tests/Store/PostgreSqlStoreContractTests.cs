using Deployer.Bot.Scheduling;
using Deployer.Bot.Store.PostgreSql;
using Deployer.Bot.Tests.Support;
using Npgsql;

namespace Deployer.Bot.Tests.Store;

/// <summary>The store contract on a real PostgreSQL server (a fresh migrated database per test; "again" opens a new data source on it).</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgreSqlStoreContractTests(PostgresServer server) : StoreContractTests, IAsyncDisposable
{
    private readonly List<NpgsqlDataSource> _sources = [];
    private string? _connectionString;

    private protected override async Task<StoreSet> OpenAsync(bool again = false)
    {
        _connectionString ??= await server.NewDatabaseAsync();
        var source = NpgsqlDataSource.Create(_connectionString);
        _sources.Add(source);
        // Opening again stands for a new process: a new node.
        var node = new DeployerNode($"node-{_sources.Count}");
        var holds = new PostgreSqlHoldStore(source);
        return new StoreSet(
            new PostgreSqlDecisionStore(source), new PostgreSqlPromotionLedger(source, node), holds, holds, new PostgreSqlAuditLog(source),
            new PostgreSqlTestResultStore(source), new PostgreSqlForceRequestStore(source, Time), new PostgreSqlOutboxStore(source, node, Time), new PostgreSqlNotificationQueue(source),
            new PostgreSqlVerificationStore(source), new PostgreSqlBlockedNoticeStore(source));
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var source in _sources)
        {
            await source.DisposeAsync();
        }
    }
}
