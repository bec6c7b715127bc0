using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Deployer.Bot.Store.PostgreSql;

/// <summary>
/// Migrates the schema as the host starts, before the scheduler (registered after it) touches Quartz's tables. An
/// unreachable database stops start-up with one line naming the setting, not a stack trace.
/// </summary>
internal sealed class PostgreSqlMigrationService(NpgsqlDataSource dataSource, ILogger<PostgreSqlMigrationService> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        try
        {
            var applied = await PostgreSqlSchema.MigrateAsync(dataSource, logger, cancellationToken);
            logger.LogInformation("PostgreSQL store ready ({Applied} schema script(s) applied now)", applied);
        }
        catch (NpgsqlException ex)
        {
            throw new OptionsValidationException(StoreOptions.Section, typeof(StoreOptions),
                [$"Store:ConnectionString: cannot use the PostgreSQL database ({ex.Message}); check the environment variable Store__ConnectionString"]);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
