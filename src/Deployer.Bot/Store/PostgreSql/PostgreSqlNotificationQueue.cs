using System.Text.Json;
using Deployer.Bot.Notifications;
using Deployer.Core.Events;
using Npgsql;

namespace Deployer.Bot.Store.PostgreSql;

/// <summary>
/// The notification queue in PostgreSQL. Stores call <see cref="AppendAsync"/> inside their own transaction, so a state
/// change and its event commit together. Takers hold a transaction-scoped advisory lock, so events leave in order
/// even when several nodes deliver.
/// </summary>
internal sealed class PostgreSqlNotificationQueue(NpgsqlDataSource dataSource) : INotificationQueue
{
    private const long TakeLockKey = 0x6E6F74696679; // "notify"

    public int Depth
    {
        get
        {
            using var command = dataSource.CreateCommand("SELECT count(*) FROM deployer_notifications");
            return Convert.ToInt32(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
        }
    }

    public static async Task AppendAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, DeployerEvent deployerEvent, CancellationToken cancellationToken)
    {
        await using var command = AppendCommand(connection, transaction, deployerEvent);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public void Enqueue(DeployerEvent deployerEvent)
    {
        using var connection = dataSource.OpenConnection();
        using var command = AppendCommand(connection, null, deployerEvent);
        command.ExecuteNonQuery();
    }

    public bool TakeOldest(Action<DeployerEvent> deliver, int max = 1)
    {
        using var connection = dataSource.OpenConnection();
        using var transaction = connection.BeginTransaction();
        var taken = TakeOldest(connection, transaction, deliver, max);
        transaction.Commit();
        return taken;
    }

    /// <summary>
    /// Hands the oldest events (up to <paramref name="max"/>, oldest first) to <paramref name="deliver"/> and deletes
    /// them within <paramref name="transaction"/> (the caller commits): whatever <paramref name="deliver"/> writes in
    /// that transaction commits with the removal.
    /// </summary>
    public static bool TakeOldest(NpgsqlConnection connection, NpgsqlTransaction transaction, Action<DeployerEvent> deliver, int max = 1)
    {
        using (var lockTakers = new NpgsqlCommand($"SELECT pg_advisory_xact_lock({TakeLockKey})", connection, transaction))
        {
            lockTakers.ExecuteNonQuery();
        }

        var taken = new List<(long Id, string Json)>();
        using (var select = new NpgsqlCommand("SELECT id, event FROM deployer_notifications ORDER BY id LIMIT $1 FOR UPDATE", connection, transaction))
        {
            select.Parameters.Add(PgJson.Value(Math.Max(1, max)));
            using var reader = select.ExecuteReader();
            while (reader.Read())
            {
                taken.Add((reader.GetInt64(0), reader.GetString(1)));
            }
        }

        if (taken.Count == 0)
        {
            return false;
        }

        foreach (var (_, json) in taken)
        {
            // An event this version cannot read (written by a newer one, or damaged) is dropped rather than blocking the queue.
            if (Read(json) is { } deployerEvent)
            {
                deliver(deployerEvent);
            }
        }

        using var delete = new NpgsqlCommand("DELETE FROM deployer_notifications WHERE id = ANY($1)", connection, transaction);
        delete.Parameters.Add(PgJson.Value(taken.Select(t => t.Id).ToArray()));
        delete.ExecuteNonQuery();
        return true;
    }

    private static NpgsqlCommand AppendCommand(NpgsqlConnection connection, NpgsqlTransaction? transaction, DeployerEvent deployerEvent)
    {
        var command = new NpgsqlCommand("INSERT INTO deployer_notifications (service, at, event) VALUES ($1, $2, $3)", connection, transaction);
        command.Parameters.Add(PgJson.Value(deployerEvent.Service));
        command.Parameters.Add(PgJson.Value(deployerEvent.At.ToUniversalTime()));
        command.Parameters.Add(PgJson.Value(JsonSerializer.Serialize(deployerEvent, StoreJson.Options)));
        return command;
    }

    private static DeployerEvent? Read(string json)
    {
        try
        {
            return JsonSerializer.Deserialize<DeployerEvent>(json, StoreJson.Options);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
