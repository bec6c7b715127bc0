using Deployer.Core.Events;
using Deployer.Core.Holds;

namespace Deployer.Core.Ports;

/// <summary>
/// Where holds live. Every change is stored together with its event (queued for announcement in the same
/// transaction) and returns that event, so the caller can publish it.
/// </summary>
public interface IHoldStore
{
    /// <summary>Holds on <paramref name="service"/> (null: every service) still active at <paramref name="now"/>.</summary>
    Task<IReadOnlyList<Hold>> GetActiveAsync(string? service, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Places <paramref name="hold"/>, replacing the holds on exactly its scope (service and stage, null: the pipeline).</summary>
    Task<HoldPlaced> PlaceAsync(Hold hold, CancellationToken cancellationToken);

    /// <summary>Lifts the holds on exactly that service and stage (null stage: the pipeline hold); null when none was held.</summary>
    Task<HoldLifted?> LiftAsync(string service, string? stage, string by, DateTimeOffset at, CancellationToken cancellationToken);

    /// <summary>Removes the holds whose expiry has passed, one event each.</summary>
    Task<IReadOnlyList<HoldExpired>> RemoveExpiredAsync(DateTimeOffset now, CancellationToken cancellationToken);
}
