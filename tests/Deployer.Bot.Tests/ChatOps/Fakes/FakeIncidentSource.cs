using Deployer.Core.Ports;

namespace Deployer.Bot.Tests.ChatOps.Fakes;

internal sealed class FakeIncidentSource : IIncidentSource
{
    public List<Incident> Open { get; } = [];
    public string Source => "local";

    public Task<IReadOnlyList<Incident>> GetOpenIncidentsAsync(IReadOnlyCollection<string> services, CancellationToken cancellationToken)
    {
        lock (Open)
        {
            return Task.FromResult<IReadOnlyList<Incident>>([.. Open.Where(i => services.Contains(i.Service))]);
        }
    }
}
