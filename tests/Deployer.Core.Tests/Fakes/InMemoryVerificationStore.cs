using System.Collections.Concurrent;
using Deployer.Core.Events;
using Deployer.Core.Ports;
using Deployer.Core.Verification;

namespace Deployer.Core.Tests.Fakes;

/// <summary>Verifications in memory; the announcements saved with them are kept in order in <see cref="Queued"/>.</summary>
public sealed class InMemoryVerificationStore : IVerificationStore
{
    private readonly ConcurrentDictionary<string, StageVerification> _all = new(StringComparer.OrdinalIgnoreCase);

    public ConcurrentQueue<DeployerEvent> Queued { get; } = new();

    /// <summary>When set, reads throw it (a store that is down).</summary>
    public Exception? Failure { get; set; }

    public Task<IReadOnlyList<StageVerification>> GetAllAsync(string? service, CancellationToken cancellationToken)
    {
        if (Failure is { } failure)
        {
            throw failure;
        }

        return Task.FromResult<IReadOnlyList<StageVerification>>(_all.Values
            .Where(v => service is null || string.Equals(v.Service, service, StringComparison.OrdinalIgnoreCase))
            .ToList());
    }

    public Task<StageVerification?> GetAsync(string service, string stage, CancellationToken cancellationToken) =>
        Task.FromResult(_all.TryGetValue(StageVerification.KeyFor(service, stage), out var v) ? v : null);

    public Task SaveAsync(StageVerification verification, DeployerEvent? announcement, CancellationToken cancellationToken)
    {
        _all[verification.Key] = verification;
        if (announcement is not null)
        {
            Queued.Enqueue(announcement);
        }

        return Task.CompletedTask;
    }
}
