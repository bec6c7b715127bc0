using Deployer.Core.Decisions;

namespace Deployer.Core.Ports;

/// <summary>The last decision per pair, so only changes are announced.</summary>
public interface IDecisionStore
{
    Task<PairDecision?> GetLastAsync(string pairKey, CancellationToken cancellationToken);
    Task SaveAsync(PairDecision decision, CancellationToken cancellationToken);
    Task<IReadOnlyList<PairDecision>> GetAllAsync(string? service, CancellationToken cancellationToken);
}
