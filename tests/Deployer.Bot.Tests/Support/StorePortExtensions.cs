using Deployer.Core.Decisions;
using Deployer.Core.Events;
using Deployer.Core.Holds;
using Deployer.Core.Ports;

namespace Deployer.Bot.Tests.Support;

/// <summary>Arrange-step shorthands over the store ports (the event each write queues is not what these tests look at).</summary>
internal static class StorePortExtensions
{
    public static Task AddAsync(this IHoldStore store, Hold hold, CancellationToken cancellationToken) => store.PlaceAsync(hold, cancellationToken);

    public static async Task<IReadOnlyList<Hold>> RemoveAsync(this IHoldStore store, string service, string? stage, CancellationToken cancellationToken) =>
        (await store.LiftAsync(service, stage, "U_TEST", DateTimeOffset.UnixEpoch, cancellationToken))?.Lifted ?? [];

    public static Task SaveAsync(this IDecisionStore store, PairDecision decision, CancellationToken cancellationToken) =>
        store.SaveAsync(DecisionChanged.Of(null, decision), cancellationToken);
}
