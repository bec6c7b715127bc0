using Deployer.Core.Ports;

namespace Deployer.Core.Tests.Commands.Fakes;

internal sealed class FakeIncidents : IIncidentSource
{
    public string Source => "local";
    public List<Incident> Open { get; } = [];
    public List<IReadOnlyCollection<string>> Asked { get; } = [];

    public Task<IReadOnlyList<Incident>> GetOpenIncidentsAsync(IReadOnlyCollection<string> services, CancellationToken cancellationToken)
    {
        Asked.Add(services);
        return Task.FromResult<IReadOnlyList<Incident>>([.. Open.Where(i => services.Contains(i.Service))]);
    }
}
