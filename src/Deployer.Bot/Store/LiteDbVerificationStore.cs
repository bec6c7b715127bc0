using Deployer.Core.Events;
using Deployer.Core.Ports;
using Deployer.Core.Verification;
using LiteDB;
using JsonSerializer = System.Text.Json.JsonSerializer;

namespace Deployer.Bot.Store;

/// <summary>
/// <see cref="IVerificationStore"/> in LiteDB: one document per stage, replaced together with queueing its announcement.
/// A service's records are also kept in memory once read (LiteDB is this process's alone and every write passes
/// here), so the monitor's read per pipeline per cycle costs no query; a save drops its service's copy after it commits.
/// </summary>
public sealed class LiteDbVerificationStore : IVerificationStore
{
    public const string CollectionName = "verifications";
    private readonly ILiteCollection<VerificationDocument> _verifications;
    private readonly LiteDatabase _database;
    private readonly Dictionary<string, IReadOnlyList<StageVerification>> _byService = new(StringComparer.Ordinal);
    private readonly Lock _cache = new();
    private long _saves;

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
        if (key is null)
        {
            IReadOnlyList<StageVerification> all = _verifications.FindAll().Select(Read).OfType<StageVerification>().ToList();
            return Task.FromResult(all);
        }

        long saves;
        lock (_cache)
        {
            if (_byService.TryGetValue(key, out var cached))
            {
                return Task.FromResult(cached);
            }

            saves = _saves;
        }

        IReadOnlyList<StageVerification> read = _verifications.Find(v => v.Service == key).Select(Read).OfType<StageVerification>().ToList();
        lock (_cache)
        {
            // A save that committed while this read ran may not be in it: keep it only if none did.
            if (_saves == saves)
            {
                _byService[key] = read;
            }
        }

        return Task.FromResult(read);
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
        lock (_cache)
        {
            _saves++;
            _byService.Remove(verification.Service.ToLowerInvariant());
        }

        return Task.CompletedTask;
    }

    private static StageVerification? Read(VerificationDocument document) =>
        JsonSerializer.Deserialize<StageVerification>(document.Json, StoreJson.Options);
}
