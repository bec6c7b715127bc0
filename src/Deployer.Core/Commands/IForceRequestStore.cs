namespace Deployer.Core.Commands;

/// <summary>
/// Where force-promote requests and their approvals live. Every write also queues a
/// <see cref="Events.ForceRequestChanged"/> for announcement, in the same transaction.
/// </summary>
public interface IForceRequestStore
{
    Task AddAsync(ForceRequest request, CancellationToken cancellationToken);

    Task<ForceRequest?> GetAsync(string id, CancellationToken cancellationToken);

    /// <summary>Requests still Pending or Promoting.</summary>
    Task<IReadOnlyList<ForceRequest>> GetOpenAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Atomically reads the request, applies <paramref name="update"/> and writes the result when it differs; no other
    /// update of the same request runs in between. Returns the stored request afterwards, or null when there is none.
    /// </summary>
    Task<ForceRequest?> UpdateAsync(string id, Func<ForceRequest, ForceRequest> update, CancellationToken cancellationToken);
}
