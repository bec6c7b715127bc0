using Deployer.Core.Events;
using Deployer.Core.Ports;
using Deployer.Core.Verification;
using LiteDB;
using JsonSerializer = System.Text.Json.JsonSerializer;

namespace Deployer.Bot.Store;

/// <summary><see cref="IVerificationStore"/> in LiteDB: one document per stage, replaced together with queueing its announcement.</summary>
public sealed class LiteDbVerificationStore : IVerificationStore
{
    public const string CollectionName = "verifications";
    private readonly ILiteCollection<VerificationDocument> _verifications;
    private readonly LiteDatabase _database;

    public LiteDbVerificationStore(LiteDatabase database)
    {
        ArgumentNullException.ThrowIfNull(database);
        _database = database;
        LiteDbNotificationQueue.Ensure(database);
        _verifications = database.GetCollection<VerificationDocument>(CollectionName);
        _verifications.EnsureIndex(v => v.Service);
    }

    public Task<IReadOnlyList<StageVerification>> GetAllAsync(string? service, CancellationToken cancellationToken)
    {
        var key = service?.ToLowerInvariant();
        var documents = key is null ? _verifications.FindAll() : _verifications.Find(v => v.Service == key);
        IReadOnlyList<StageVerification> all = documents.Select(Read).OfType<StageVerification>().ToList();
        return Task.FromResult(all);
    }

    public Task<StageVerification?> GetAsync(string service, string stage, CancellationToken cancellationToken) =>
        Task.FromResult(_verifications.FindById(StageVerification.KeyFor(service, stage)) is { } document ? Read(document) : null);

    public Task SaveAsync(StageVerification verification, DeployerEvent? announcement, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(verification);
        LiteDbTransaction.Run(_database, () =>
        {
            _verifications.Upsert(new VerificationDocument
            {
                Id = verification.Key,
                Service = verification.Service.ToLowerInvariant(),
                State = verification.State.ToString(),
                Json = JsonSerializer.Serialize(verification, StoreJson.Options),
            });
            StoreFaults.Hit(StoreFaults.VerificationSaved);
            if (announcement is not null)
            {
                LiteDbNotificationQueue.Append(_database, announcement);
            }
        });
        return Task.CompletedTask;
    }

    private static StageVerification? Read(VerificationDocument document) =>
        JsonSerializer.Deserialize<StageVerification>(document.Json, StoreJson.Options);
}
