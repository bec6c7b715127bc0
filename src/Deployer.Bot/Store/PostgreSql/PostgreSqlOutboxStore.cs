using Deployer.Bot.Notifications;
using Deployer.Bot.Notifications.Slack;
using Deployer.Bot.Scheduling;
using Deployer.Bot.Notifications.Slack.Outbox;
using Deployer.Core.Events;
using Npgsql;

namespace Deployer.Bot.Store.PostgreSql;

/// <summary>
/// The outbox in PostgreSQL, shared by every node. Enqueueing takes a transaction-scoped advisory lock on the message
/// key, so two nodes updating one message fold their updates as one node would. <see cref="Pending"/> claims items for
/// this node (<c>FOR UPDATE SKIP LOCKED</c>, with a lease) and never claims a channel another node holds a live claim
/// on, so a channel's messages leave in order from one node at a time and no item is sent by two nodes.
/// </summary>
internal sealed class PostgreSqlOutboxStore(NpgsqlDataSource dataSource, DeployerNode node, TimeProvider time) : IOutboxStore
{
    /// <summary>How long a claim holds when its node dies before releasing it.</summary>
    public static readonly TimeSpan ClaimLease = TimeSpan.FromSeconds(60);

    private const long ClaimLockKey = 0x6F7574626F78; // "outbox"
    // not_before_ticks (schema 001) is no longer read: retry timing is the Slack client's pipeline's. attempts counts the
    // posts handed to Slack (see Attempting).
    private const string Columns = "id, channel, key, operation, body, created_at_ticks, last_error, dead, attempts";

    public int Depth
    {
        get
        {
            using var command = dataSource.CreateCommand("SELECT count(*) FROM deployer_outbox WHERE NOT dead");
            return Convert.ToInt32(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
        }
    }

    public DateTimeOffset? OldestPendingAt()
    {
        using var command = dataSource.CreateCommand("SELECT created_at_ticks FROM deployer_outbox WHERE NOT dead ORDER BY id LIMIT 1");
        return command.ExecuteScalar() is long ticks ? new DateTimeOffset(ticks, TimeSpan.Zero) : null;
    }

    public bool ExpandOldest(Func<DeployerEvent, IReadOnlyList<SlackCall>> render)
    {
        var taken = false;
        InTransaction((c, t) => taken = PostgreSqlNotificationQueue.TakeOldest(c, t, e =>
        {
            foreach (var call in render(e))
            {
                var body = SlackMessageJson.Serialize(call.Message);
                switch (call.Kind)
                {
                    case SlackCallKind.Upsert:
                        UpsertIn(c, t, call.Channel, call.Key, body);
                        break;
                    case SlackCallKind.Reply:
                        ReplyIn(c, t, call.Channel, call.Key, body);
                        break;
                    case SlackCallKind.ReplyIfPosted:
                        if (RefOf(c, t, call.Key) is not null)
                        {
                            ReplyIn(c, t, call.Channel, call.Key, body);
                        }

                        break;
                    case SlackCallKind.UpdateIfPosted:
                        if (RefOf(c, t, call.Key) is not null)
                        {
                            UpsertIn(c, t, call.Channel, call.Key, body);
                        }

                        break;
                    default:
                        PostIn(c, t, call.Channel, body);
                        break;
                }
            }
        }, INotificationQueue.BatchSize));
        return taken;
    }

    public void Upsert(string channel, string key, string body) => InTransaction((c, t) => UpsertIn(c, t, channel, key, body));

    public void Reply(string channel, string parentKey, string body) => InTransaction((c, t) => ReplyIn(c, t, channel, parentKey, body));

    public void Post(string channel, string body) => InTransaction((c, t) => PostIn(c, t, channel, body));

    private void UpsertIn(NpgsqlConnection c, NpgsqlTransaction t, string channel, string key, string body)
    {
        LockKey(c, t, key);
        var pending = Query(c, t, $"SELECT {Columns} FROM deployer_outbox WHERE key = $1 AND NOT dead ORDER BY id FOR UPDATE", key);
        if (pending.FirstOrDefault(i => i.Operation == OutboxOperation.Post) is { } post)
        {
            // Not posted yet: post the newest content straight away instead of posting then updating.
            Execute(c, t, "UPDATE deployer_outbox SET body = $2 WHERE id = $1", post.Id, body);
            DropUpdates(c, t, pending);
            return;
        }

        if (RefOf(c, t, key) is null)
        {
            Execute(c, t, "INSERT INTO deployer_outbox_messages (key, channel) VALUES ($1, $2)", key, channel);
            Add(c, t, channel, key, OutboxOperation.Post, body);
            return;
        }

        DropUpdates(c, t, pending);
        Add(c, t, channel, key, OutboxOperation.Update, body);
    }

    private void ReplyIn(NpgsqlConnection c, NpgsqlTransaction t, string channel, string parentKey, string body)
    {
        LockKey(c, t, parentKey);
        Add(c, t, channel, parentKey, OutboxOperation.Reply, body);
    }

    private void PostIn(NpgsqlConnection c, NpgsqlTransaction t, string channel, string body)
    {
        var key = $"once:{Guid.NewGuid():N}";
        Execute(c, t, "INSERT INTO deployer_outbox_messages (key, channel) VALUES ($1, $2)", key, channel);
        Add(c, t, channel, key, OutboxOperation.Post, body);
    }

    public IReadOnlyList<OutboxItem> Pending()
    {
        var now = time.GetUtcNow().UtcTicks;
        var claimed = new List<OutboxItem>();
        InTransaction((c, t) =>
        {
            Execute(c, t, $"SELECT pg_advisory_xact_lock({ClaimLockKey})");
            claimed = Query(c, t, $"""
                UPDATE deployer_outbox SET claimed_by = $1, claimed_until_ticks = $3
                WHERE id IN (
                    SELECT o.id FROM deployer_outbox o
                    WHERE NOT o.dead AND NOT EXISTS (
                        SELECT 1 FROM deployer_outbox h
                        WHERE h.channel = o.channel AND NOT h.dead AND h.claimed_by <> $1 AND h.claimed_until_ticks > $2)
                    ORDER BY o.id
                    FOR UPDATE SKIP LOCKED)
                RETURNING {Columns}
                """, node.Id, now, now + ClaimLease.Ticks);
        });
        return [.. claimed.OrderBy(i => i.Id)];
    }

    public void ReleaseClaims() => InTransaction((c, t) =>
        Execute(c, t, "UPDATE deployer_outbox SET claimed_by = NULL, claimed_until_ticks = NULL WHERE claimed_by = $1", node.Id));

    public OutboxMessageRef? Ref(string key)
    {
        OutboxMessageRef? found = null;
        InTransaction((c, t) => found = RefOf(c, t, key));
        return found;
    }

    public void Attempting(OutboxItem item)
    {
        using var command = dataSource.CreateCommand("UPDATE deployer_outbox SET attempts = attempts + 1 WHERE id = $1 RETURNING attempts");
        command.Parameters.Add(PgJson.Value(item.Id));
        if (command.ExecuteScalar() is int attempts)
        {
            item.Attempts = attempts;
        }
    }

    public void Sent(OutboxItem item, string? channel, string? ts) => InKeyTransaction(item.Key, (c, t) =>
    {
        if (item.Operation == OutboxOperation.Post)
        {
            Execute(c, t, """
                INSERT INTO deployer_outbox_messages (key, channel, ts) VALUES ($1, $2, $3)
                ON CONFLICT (key) DO UPDATE SET channel = excluded.channel, ts = excluded.ts
                """, item.Key, channel ?? item.Channel, ts);
            var current = Query(c, t, $"SELECT {Columns} FROM deployer_outbox WHERE id = $1 FOR UPDATE", item.Id).FirstOrDefault();
            if (current is not null && current.Body != item.Body)
            {
                // Newer content arrived while the post was in flight: send it as an update of what was just posted.
                Execute(c, t, "UPDATE deployer_outbox SET operation = $2 WHERE id = $1", item.Id, nameof(OutboxOperation.Update));
                return;
            }
        }

        Execute(c, t, "DELETE FROM deployer_outbox WHERE id = $1", item.Id);
    });

    public void Dead(OutboxItem item, string error) => InKeyTransaction(item.Key, (c, t) =>
    {
        if (Execute(c, t, "UPDATE deployer_outbox SET dead = true, last_error = $2 WHERE id = $1", item.Id, error) == 0)
        {
            return;
        }

        if (item.Operation == OutboxOperation.Post)
        {
            Execute(c, t, "DELETE FROM deployer_outbox_messages WHERE key = $1 AND ts IS NULL", item.Key);
        }
    });

    public void ConvertToPost(OutboxItem item) => InKeyTransaction(item.Key, (c, t) =>
    {
        if (Execute(c, t, "UPDATE deployer_outbox SET operation = $2 WHERE id = $1", item.Id, nameof(OutboxOperation.Post)) == 0)
        {
            return;
        }

        Execute(c, t, """
            INSERT INTO deployer_outbox_messages (key, channel, ts) VALUES ($1, $2, NULL)
            ON CONFLICT (key) DO UPDATE SET channel = excluded.channel, ts = NULL
            """, item.Key, item.Channel);
    });

    private void InKeyTransaction(string key, Action<NpgsqlConnection, NpgsqlTransaction> work) => InTransaction((c, t) =>
    {
        LockKey(c, t, key);
        work(c, t);
    });

    /// <summary>Two nodes writing one message key fold their updates as one node would.</summary>
    private static void LockKey(NpgsqlConnection c, NpgsqlTransaction t, string key) =>
        Execute(c, t, "SELECT pg_advisory_xact_lock(hashtextextended('outbox:' || $1, 0))", key);

    private void InTransaction(Action<NpgsqlConnection, NpgsqlTransaction> work)
    {
        using var connection = dataSource.OpenConnection();
        using var transaction = connection.BeginTransaction();
        work(connection, transaction);
        transaction.Commit();
    }

    private static void DropUpdates(NpgsqlConnection c, NpgsqlTransaction t, List<OutboxItem> pending)
    {
        foreach (var stale in pending.Where(i => i.Operation == OutboxOperation.Update))
        {
            Execute(c, t, "DELETE FROM deployer_outbox WHERE id = $1", stale.Id);
        }
    }

    private void Add(NpgsqlConnection c, NpgsqlTransaction t, string channel, string key, OutboxOperation operation, string body)
    {
        var now = time.GetUtcNow().UtcTicks;
        // not_before_ticks is NOT NULL in schema 001 and unused since; it gets the creation time as before.
        Execute(c, t, "INSERT INTO deployer_outbox (channel, key, operation, body, created_at_ticks, not_before_ticks) VALUES ($1, $2, $3, $4, $5, $5)",
            channel, key, operation.ToString(), body, now);
    }

    private static OutboxMessageRef? RefOf(NpgsqlConnection c, NpgsqlTransaction t, string key)
    {
        using var command = new NpgsqlCommand("SELECT key, channel, ts FROM deployer_outbox_messages WHERE key = $1", c, t);
        command.Parameters.Add(PgJson.Value(key));
        using var reader = command.ExecuteReader();
        return reader.Read()
            ? new OutboxMessageRef { Id = reader.GetString(0), Channel = reader.GetString(1), Ts = reader.IsDBNull(2) ? null : reader.GetString(2) }
            : null;
    }

    private static List<OutboxItem> Query(NpgsqlConnection c, NpgsqlTransaction t, string sql, params object?[] parameters)
    {
        using var command = new NpgsqlCommand(sql, c, t);
        foreach (var parameter in parameters)
        {
            command.Parameters.Add(PgJson.Value(parameter));
        }

        using var reader = command.ExecuteReader();
        var items = new List<OutboxItem>();
        while (reader.Read())
        {
            items.Add(new OutboxItem
            {
                Id = reader.GetInt64(0),
                Channel = reader.GetString(1),
                Key = reader.GetString(2),
                Operation = Enum.Parse<OutboxOperation>(reader.GetString(3)),
                Body = reader.GetString(4),
                CreatedAtTicks = reader.GetInt64(5),
                LastError = reader.IsDBNull(6) ? null : reader.GetString(6),
                Dead = reader.GetBoolean(7),
                Attempts = reader.GetInt32(8),
            });
        }

        return items;
    }

    private static int Execute(NpgsqlConnection c, NpgsqlTransaction t, string sql, params object?[] parameters)
    {
        using var command = new NpgsqlCommand(sql, c, t);
        foreach (var parameter in parameters)
        {
            command.Parameters.Add(PgJson.Value(parameter));
        }

        return command.ExecuteNonQuery();
    }
}
