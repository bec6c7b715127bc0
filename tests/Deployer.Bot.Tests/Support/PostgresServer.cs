namespace Deployer.Bot.Tests.Support;

/// <summary>The xunit fixture around <see cref="PostgresProcess"/>: one real PostgreSQL server for the test classes that share it.</summary>
public sealed class PostgresServer : IAsyncLifetime
{
    private readonly PostgresProcess _server = new();

    public int Port => _server.Port;

    public string AdminConnectionString => _server.AdminConnectionString;

    public Task InitializeAsync() => _server.StartAsync();

    /// <inheritdoc cref="PostgresProcess.NewDatabaseAsync"/>
    public Task<string> NewDatabaseAsync(bool migrated = true) => _server.NewDatabaseAsync(migrated);

    public string ConnectionStringFor(string database) => _server.ConnectionStringFor(database);

    public async Task DisposeAsync() => await _server.DisposeAsync();
}
