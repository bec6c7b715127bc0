using Deployer.Core.Events;
using Deployer.Core.Ports;
using Npgsql;

namespace Deployer.Bot.Store.PostgreSql;

/// <summary><see cref="IBlockedNoticeStore"/> in PostgreSQL: the row (unique per key) and its announcement in one transaction; a second node's insert finds the row and queues nothing.</summary>
public sealed class PostgreSqlBlockedNoticeStore(NpgsqlDataSource dataSource) : IBlockedNoticeStore
{
    public async Task<bool> TryRecordAsync(BlockedTooLong notice, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(notice);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        int inserted;
        await using (var insert = new NpgsqlCommand(
            "INSERT INTO deployer_blocked_notices (notice_key, service, at) VALUES ($1, $2, $3) ON CONFLICT (notice_key) DO NOTHING",
            connection, transaction))
        {
            insert.Parameters.Add(PgJson.Value(notice.NoticeKey));
            insert.Parameters.Add(PgJson.Value(notice.Service.ToLowerInvariant()));
            insert.Parameters.Add(PgJson.Value(notice.At.ToUniversalTime()));
            inserted = await insert.ExecuteNonQueryAsync(cancellationToken);
        }

        if (inserted == 0)
        {
            return false;
        }

        StoreFaults.Hit(StoreFaults.BlockedNoticeSaved);
        await PostgreSqlNotificationQueue.AppendAsync(connection, transaction, notice, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return true;
    }
}
