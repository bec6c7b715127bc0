namespace Deployer.Core.Ports;

/// <summary>Open incidents (PagerDuty, Statuspage, the local world file). Asked once per cycle for every listed service.</summary>
public interface IIncidentSource
{
    /// <summary><c>pagerduty</c>, <c>statuspage</c>, <c>local</c>.</summary>
    string Source { get; }

    /// <summary>Open incidents on any of <paramref name="services"/>. Throws when the source cannot be read.</summary>
    Task<IReadOnlyList<Incident>> GetOpenIncidentsAsync(IReadOnlyCollection<string> services, CancellationToken cancellationToken);
}
