using Deployer.Core.Ports;
using Deployer.Integrations.Http;

namespace Deployer.Integrations.Statuspage;

/// <summary>
/// <see cref="IIncidentSource"/> <c>statuspage</c>: the unresolved incidents of one public status page. A status page
/// is one whole: each of its unresolved incidents is reported once for every requested service, so any open
/// incident on the page blocks every manifest that watches it.
/// </summary>
public sealed class StatuspageIncidentSource : IIncidentSource
{
    public const string SourceName = "statuspage";
    internal const string System = "Statuspage";
    internal const string ClientName = "statuspage";

    private readonly IHttpClientFactory _clients;

    internal StatuspageIncidentSource(IHttpClientFactory clients) => _clients = clients;

    public string Source => SourceName;

    public async Task<IReadOnlyList<Incident>> GetOpenIncidentsAsync(IReadOnlyCollection<string> services, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(services);
        if (services.Count == 0)
        {
            return [];
        }

        using var request = new HttpRequestMessage(HttpMethod.Get, "api/v2/incidents/unresolved.json");
        var body = await IntegrationHttp.GetJsonAsync<StatuspageIncidents>(
            _clients.CreateClient(ClientName), request, System, IntegrationJson.SnakeCase, cancellationToken);
        return body.Incidents
            .SelectMany(i => services.Select(service => new Incident(i.Id, service, i.Status, Title(i))))
            .ToList();
    }

    private static string Title(StatuspageIncident incident)
    {
        var name = string.IsNullOrWhiteSpace(incident.Name) ? "(untitled)" : incident.Name;
        return incident.Impact is { Length: > 0 } impact && !string.Equals(impact, "none", StringComparison.OrdinalIgnoreCase)
            ? $"{name} (impact: {impact})"
            : name;
    }
}
