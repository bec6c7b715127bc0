using Deployer.Core.Events;
using Deployer.Core.Ports;
using Deployer.Core.Verification;
using Npgsql;

namespace Deployer.Bot.Store.PostgreSql;

/// <summary><see cref="IVerificationStore"/> in PostgreSQL: one row per stage, the record as jsonb, written in one transaction with its announcement.</summary>
public sealed class PostgreSqlVerificationStore(NpgsqlDataSource dataSource) : IVerificationStore
{
    public async Task<IReadOnlyList<StageVerification>> GetAllAsync(string? service, CancellationToken cancellationToken) =>
        service is null
            ? await PgJson.ListAsync(dataSource, "SELECT doc FROM deployer_verifications ORDER BY stage_key", r => PgJson.Read<StageVerification>(r, 0), cancellationToken)
            : await PgJson.ListAsync(dataSource, "SELECT doc FROM deployer_verifications WHERE service = $1 ORDER BY stage_key",
                r => PgJson.Read<StageVerification>(r, 0), cancellationToken, service.ToLowerInvariant());

    public async Task<StageVerification?> GetAsync(string service, string stage, CancellationToken cancellationToken) =>
        (await PgJson.ListAsync(dataSource, "SELECT doc FROM deployer_verifications WHERE stage_key = $1",
            r => PgJson.Read<StageVerification>(r, 0), cancellationToken, StageVerification.KeyFor(service, stage))).FirstOrDefault();

    public async Task SaveAsync(StageVerification verification, DeployerEvent? announcement, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(verification);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var upsert = new NpgsqlCommand("""
            INSERT INTO deployer_verifications (stage_key, service, state, doc) VALUES ($1, $2, $3, $4)
            ON CONFLICT (stage_key) DO UPDATE SET service = excluded.service, state = excluded.state, doc = excluded.doc
            """, connection, transaction))
        {
            upsert.Parameters.Add(PgJson.Value(verification.Key));
            upsert.Parameters.Add(PgJson.Value(verification.Service.ToLowerInvariant()));
            upsert.Parameters.Add(PgJson.Value(verification.State.ToString()));
            upsert.Parameters.Add(PgJson.Parameter(verification));
            await upsert.ExecuteNonQueryAsync(cancellationToken);
        }

        StoreFaults.Hit(StoreFaults.VerificationSaved);
        if (announcement is not null)
        {
            await PostgreSqlNotificationQueue.AppendAsync(connection, transaction, announcement, cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
    }
}
