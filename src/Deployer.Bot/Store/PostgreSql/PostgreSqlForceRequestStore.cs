using Deployer.Core.Commands;
using Deployer.Core.Events;
using Npgsql;

namespace Deployer.Bot.Store.PostgreSql;

/// <summary>
/// Force-promote requests in PostgreSQL. An update reads the row <c>FOR UPDATE</c>, so two approvers clicking on two
/// nodes at once are applied one after the other; each approval is also a row keyed (request, approver), so the
/// database itself refuses a second approval by the same person. Every write queues the request's announcement
/// in the same transaction.
/// </summary>
public sealed class PostgreSqlForceRequestStore(NpgsqlDataSource dataSource, TimeProvider time) : IForceRequestStore
{
    public async Task AddAsync(ForceRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var insert = new NpgsqlCommand("INSERT INTO deployer_force_requests (id, service, open, doc) VALUES ($1, $2, $3, $4)", connection, transaction))
        {
            insert.Parameters.Add(PgJson.Value(request.Id));
            insert.Parameters.Add(PgJson.Value(request.Service.ToLowerInvariant()));
            insert.Parameters.Add(PgJson.Value(request.IsOpen));
            insert.Parameters.Add(PgJson.Parameter(request));
            await insert.ExecuteNonQueryAsync(cancellationToken);
        }

        await InsertApprovalsAsync(connection, transaction, request.Id, request.Approvals, cancellationToken);
        await QueueAsync(connection, transaction, request, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    public async Task<ForceRequest?> GetAsync(string id, CancellationToken cancellationToken) =>
        (await PgJson.ListAsync(dataSource, "SELECT doc FROM deployer_force_requests WHERE id = $1", r => PgJson.Read<ForceRequest>(r, 0), cancellationToken, id))
        .FirstOrDefault();

    public async Task<IReadOnlyList<ForceRequest>> GetOpenAsync(CancellationToken cancellationToken) =>
        await PgJson.ListAsync(dataSource, "SELECT doc FROM deployer_force_requests WHERE open ORDER BY id", r => PgJson.Read<ForceRequest>(r, 0), cancellationToken);

    public async Task<ForceRequest?> UpdateAsync(string id, Func<ForceRequest, ForceRequest> update, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(update);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        ForceRequest current;
        await using (var select = new NpgsqlCommand("SELECT doc FROM deployer_force_requests WHERE id = $1 FOR UPDATE", connection, transaction))
        {
            select.Parameters.Add(PgJson.Value(id));
            await using var reader = await select.ExecuteReaderAsync(cancellationToken);
            if (!await reader.ReadAsync(cancellationToken))
            {
                return null;
            }

            current = PgJson.Read<ForceRequest>(reader, 0);
        }

        var next = update(current);
        if (ReferenceEquals(next, current))
        {
            await transaction.CommitAsync(cancellationToken);
            return current;
        }

        await using (var write = new NpgsqlCommand("UPDATE deployer_force_requests SET open = $2, doc = $3 WHERE id = $1", connection, transaction))
        {
            write.Parameters.Add(PgJson.Value(id));
            write.Parameters.Add(PgJson.Value(next.IsOpen));
            write.Parameters.Add(PgJson.Parameter(next));
            await write.ExecuteNonQueryAsync(cancellationToken);
        }

        // Approvals carried over from the stored request are the same instances; every other one is new and gets its row.
        var added = next.Approvals.Where(a => !current.Approvals.Any(c => ReferenceEquals(c, a))).ToList();
        await InsertApprovalsAsync(connection, transaction, id, added, cancellationToken);
        await QueueAsync(connection, transaction, next, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return next;
    }

    private Task QueueAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, ForceRequest request, CancellationToken cancellationToken) =>
        PostgreSqlNotificationQueue.AppendAsync(connection, transaction, new ForceRequestChanged { Request = request, At = time.GetUtcNow() }, cancellationToken);

    private static async Task InsertApprovalsAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, string id, IReadOnlyList<ForceApproval> approvals, CancellationToken cancellationToken)
    {
        foreach (var approval in approvals)
        {
            await using var insert = new NpgsqlCommand("INSERT INTO deployer_force_approvals (request_id, approver, at) VALUES ($1, $2, $3)", connection, transaction);
            insert.Parameters.Add(PgJson.Value(id));
            insert.Parameters.Add(PgJson.Value(approval.By));
            insert.Parameters.Add(PgJson.Value(approval.At.ToUniversalTime()));
            try
            {
                await insert.ExecuteNonQueryAsync(cancellationToken);
            }
            catch (PostgresException ex) when (ex.SqlState == "23505")
            {
                throw new InvalidOperationException($"{approval.By} has already approved force request {id}", ex);
            }
        }
    }
}
