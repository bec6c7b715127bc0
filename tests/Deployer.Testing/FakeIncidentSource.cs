using System.Collections.Concurrent;
using Deployer.Core.Ports;

namespace Deployer.Testing;

/// <summary>An incident source with settable open incidents, counted calls, an optional failure and an optional gate.</summary>
public sealed class FakeIncidentSource(string source = "pagerduty") : IIncidentSource
{
    private int _calls;

    public string Source { get; } = source;
    public int Calls => _calls;
    public ConcurrentQueue<Incident> Open { get; } = new();
    public Exception? Failure { get; set; }
    public Task? Answer { get; set; }

    public async Task<IReadOnlyList<Incident>> GetOpenIncidentsAsync(IReadOnlyCollection<string> services, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _calls);
        if (Answer is { } answer)
        {
            await answer.WaitAsync(cancellationToken);
        }

        if (Failure is { } failure)
        {
            throw failure;
        }

        return Open.Where(i => services.Contains(i.Service, StringComparer.OrdinalIgnoreCase)).ToList();
    }
}
