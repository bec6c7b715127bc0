using System.Text.Json;
using Deployer.Bot.Store;
using Deployer.Core.Commands;
using Deployer.Core.Events;
using LiteDB;

namespace Deployer.Bot.ChatOps.Storage;

/// <summary>
/// Force-promote requests and their approvals in LiteDB (as JSON, so the domain records need no mapping). Every write queues
/// the request's announcement in the same transaction. Updates are read-modify-write under one lock: two approvers clicking at once are applied one after the other.
/// </summary>
internal sealed class LiteDbForceRequestStore : IForceRequestStore
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly ILiteCollection<BsonDocument> _requests;
    private readonly LiteDatabase _database;
    private readonly TimeProvider _time;
    private readonly Lock _lock = new();

    public LiteDbForceRequestStore(LiteDatabase database, TimeProvider time)
    {
        _database = database;
        LiteDbNotificationQueue.Ensure(database);
        _time = time;
        _requests = database.GetCollection("chatops_force_requests");
        _requests.EnsureIndex("open");
    }

    public Task AddAsync(ForceRequest request, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            LiteDbTransaction.Run(_database, () =>
            {
                _requests.Insert(ToDocument(request));
                Queue(request);
            });
        }

        return Task.CompletedTask;
    }

    public Task<ForceRequest?> GetAsync(string id, CancellationToken cancellationToken) =>
        Task.FromResult(_requests.FindById(id) is { } doc ? FromDocument(doc) : null);

    public Task<IReadOnlyList<ForceRequest>> GetOpenAsync(CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<ForceRequest>>([.. _requests.Find(Query.EQ("open", true)).Select(FromDocument)]);

    public Task<ForceRequest?> UpdateAsync(string id, Func<ForceRequest, ForceRequest> update, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            if (_requests.FindById(id) is not { } doc)
            {
                return Task.FromResult<ForceRequest?>(null);
            }

            var current = FromDocument(doc);
            var next = update(current);
            if (next.Approvals.Select(a => a.By).Distinct(StringComparer.Ordinal).Count() != next.Approvals.Count)
            {
                throw new InvalidOperationException($"an approver appears twice on force request {id}");
            }

            if (!ReferenceEquals(next, current))
            {
                LiteDbTransaction.Run(_database, () =>
                {
                    _requests.Update(ToDocument(next));
                    Queue(next);
                });
            }

            return Task.FromResult<ForceRequest?>(next);
        }
    }

    private void Queue(ForceRequest request) =>
        LiteDbNotificationQueue.Append(_database, new ForceRequestChanged { Request = request, At = _time.GetUtcNow() });

    private static BsonDocument ToDocument(ForceRequest request) => new()
    {
        ["_id"] = request.Id,
        ["service"] = request.Service,
        ["status"] = request.Status.ToString(),
        ["open"] = request.IsOpen,
        ["json"] = System.Text.Json.JsonSerializer.Serialize(request, Json),
    };

    private static ForceRequest FromDocument(BsonDocument doc) =>
        System.Text.Json.JsonSerializer.Deserialize<ForceRequest>(doc["json"].AsString, Json) ?? throw new InvalidDataException($"force request {doc["_id"]} is unreadable");
}
