using Deployer.Core.Events;
using Deployer.Core.Verification;

namespace Deployer.Core.Ports;

/// <summary>The verification of the last promotion into each stage, and its rejected commits (issue 15).</summary>
public interface IVerificationStore
{
    /// <summary>Every stage's verification of <paramref name="service"/> (null: every service).</summary>
    Task<IReadOnlyList<StageVerification>> GetAllAsync(string? service, CancellationToken cancellationToken);

    Task<StageVerification?> GetAsync(string service, string stage, CancellationToken cancellationToken);

    /// <summary>
    /// Replaces the stage's verification with <paramref name="verification"/> and, when there is one, queues
    /// <paramref name="announcement"/>, in one transaction: either both are kept or neither.
    /// </summary>
    Task SaveAsync(StageVerification verification, DeployerEvent? announcement, CancellationToken cancellationToken);
}
