using Deployer.Core.Holds;
using Deployer.Core.Ports;

namespace Deployer.Core.Tests.Commands.Fakes;

internal sealed class InMemoryHoldStore : IHoldStore
{
    private readonly List<Hold> _holds = [];

    public Task<IReadOnlyList<Hold>> GetActiveAsync(string? service, DateTimeOffset now, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<Hold>>([.. _holds.Where(h => (service is null || h.Service == service) && h.IsActiveAt(now))]);

    public Task AddAsync(Hold hold, CancellationToken cancellationToken)
    {
        _holds.Add(hold);
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<Hold>> RemoveAsync(string service, string? stage, CancellationToken cancellationToken)
    {
        var removed = _holds.Where(h => h.Service == service && h.Stage == stage).ToList();
        _holds.RemoveAll(removed.Contains);
        return Task.FromResult<IReadOnlyList<Hold>>(removed);
    }

    public Task<IReadOnlyList<Hold>> RemoveExpiredAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var removed = _holds.Where(h => !h.IsActiveAt(now)).ToList();
        _holds.RemoveAll(removed.Contains);
        return Task.FromResult<IReadOnlyList<Hold>>(removed);
    }
}
