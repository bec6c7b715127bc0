using Deployer.Core.Holds;

namespace Deployer.Core.Ports;

/// <summary>Where holds live.</summary>
public interface IHoldStore
{
    /// <summary>Holds on <paramref name="service"/> (null: every service) still active at <paramref name="now"/>.</summary>
    Task<IReadOnlyList<Hold>> GetActiveAsync(string? service, DateTimeOffset now, CancellationToken cancellationToken);

    Task AddAsync(Hold hold, CancellationToken cancellationToken);

    /// <summary>Removes the holds on exactly that service and stage (null stage: the pipeline hold); returns what was removed.</summary>
    Task<IReadOnlyList<Hold>> RemoveAsync(string service, string? stage, CancellationToken cancellationToken);

    /// <summary>Removes and returns holds whose expiry has passed.</summary>
    Task<IReadOnlyList<Hold>> RemoveExpiredAsync(DateTimeOffset now, CancellationToken cancellationToken);
}
