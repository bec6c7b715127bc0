using Microsoft.Extensions.Logging;
using Npgsql;

namespace Deployer.Bot.Store.PostgreSql;

/// <summary>
/// Creates and migrates the schema at start: numbered scripts embedded in the bot, each applied once and recorded in
/// <c>deployer_schema_version</c>. Everything runs in one transaction under a transaction-scoped advisory lock, so two
/// nodes starting together apply each script exactly once (the second waits, then finds nothing to do).
/// </summary>
public static class PostgreSqlSchema
{
    /// <summary>The advisory lock key the migration holds ("deploy" in ASCII).</summary>
    public const long MigrationLockKey = 0x6465706C6F79;

    private const string Prefix = "Deployer.Bot.Store.PostgreSql.Sql.";

    /// <summary>The scripts in order: (version, name).</summary>
    public static IReadOnlyList<(int Version, string Name)> Scripts { get; } =
        typeof(PostgreSqlSchema).Assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(Prefix, StringComparison.Ordinal) && n.EndsWith(".sql", StringComparison.Ordinal))
            .Select(n => n[Prefix.Length..^4])
            .Select(n => (int.Parse(n[..3], System.Globalization.CultureInfo.InvariantCulture), n))
            .OrderBy(s => s.Item1)
            .ToList();

    /// <summary>Applies the scripts not applied yet; returns how many it applied.</summary>
    public static async Task<int> MigrateAsync(NpgsqlDataSource dataSource, ILogger? logger, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await ExecuteAsync(connection, transaction, $"SELECT pg_advisory_xact_lock({MigrationLockKey})", cancellationToken);
        await ExecuteAsync(connection, transaction, """
            CREATE TABLE IF NOT EXISTS deployer_schema_version (
                version INTEGER PRIMARY KEY,
                name TEXT NOT NULL,
                applied_at TIMESTAMPTZ NOT NULL DEFAULT now())
            """, cancellationToken);

        var applied = new HashSet<int>();
        await using (var read = new NpgsqlCommand("SELECT version FROM deployer_schema_version", connection, transaction))
        await using (var reader = await read.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                applied.Add(reader.GetInt32(0));
            }
        }

        var count = 0;
        foreach (var (version, name) in Scripts.Where(s => !applied.Contains(s.Version)))
        {
            await ExecuteAsync(connection, transaction, ReadScript(name), cancellationToken);
            await using var record = new NpgsqlCommand("INSERT INTO deployer_schema_version (version, name) VALUES ($1, $2)", connection, transaction);
            record.Parameters.AddWithValue(version);
            record.Parameters.AddWithValue(name);
            await record.ExecuteNonQueryAsync(cancellationToken);
            logger?.LogInformation("PostgreSQL schema: applied {Script}", name);
            count++;
        }

        await transaction.CommitAsync(cancellationToken);
        return count;
    }

    /// <summary>The highest version applied, or 0 on an empty database.</summary>
    public static async Task<int> VersionAsync(NpgsqlDataSource dataSource, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        await using var exists = dataSource.CreateCommand("SELECT to_regclass('deployer_schema_version') IS NOT NULL");
        if (await exists.ExecuteScalarAsync(cancellationToken) is not true)
        {
            return 0;
        }

        await using var command = dataSource.CreateCommand("SELECT coalesce(max(version), 0) FROM deployer_schema_version");
        return Convert.ToInt32(await command.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture);
    }

    private static string ReadScript(string name)
    {
        using var stream = typeof(PostgreSqlSchema).Assembly.GetManifestResourceStream(Prefix + name + ".sql")
            ?? throw new InvalidOperationException($"schema script {name} is not embedded");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
