using Npgsql;

namespace Deployer.Bot.Store.PostgreSql;

/// <summary>Asks the database for its schema version within a few seconds; unreachable or slow is unhealthy.</summary>
internal sealed class PostgreSqlStoreHealth(NpgsqlDataSource dataSource) : IStoreHealth
{
    public async Task<(bool Healthy, string Detail)> CheckAsync(CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(3));
        try
        {
            var version = await PostgreSqlSchema.VersionAsync(dataSource, timeout.Token);
            return (true, $"PostgreSQL, schema version {version}");
        }
        catch (Exception ex) when (ex is NpgsqlException or OperationCanceledException or InvalidOperationException && !cancellationToken.IsCancellationRequested)
        {
            return (false, $"PostgreSQL: {ex.Message}");
        }
    }
}
