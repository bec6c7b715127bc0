using Deployer.Core.Commands;

namespace Deployer.Core.Tests.Commands.Fakes;

internal sealed class InMemoryForceRequestStore : IForceRequestStore
{
    private readonly Dictionary<string, ForceRequest> _requests = [];
    private readonly Lock _lock = new();

    public Task AddAsync(ForceRequest request, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            _requests.Add(request.Id, request);
        }

        return Task.CompletedTask;
    }

    public Task<ForceRequest?> GetAsync(string id, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return Task.FromResult(_requests.GetValueOrDefault(id));
        }
    }

    public Task<IReadOnlyList<ForceRequest>> GetOpenAsync(CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return Task.FromResult<IReadOnlyList<ForceRequest>>([.. _requests.Values.Where(r => r.IsOpen)]);
        }
    }

    public Task<ForceRequest?> UpdateAsync(string id, Func<ForceRequest, ForceRequest> update, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            if (!_requests.TryGetValue(id, out var current))
            {
                return Task.FromResult<ForceRequest?>(null);
            }

            var next = update(current);
            _requests[id] = next;
            return Task.FromResult<ForceRequest?>(next);
        }
    }
}
