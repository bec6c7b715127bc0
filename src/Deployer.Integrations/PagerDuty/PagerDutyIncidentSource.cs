using Deployer.Core.Ports;
using Deployer.Integrations.Http;
using Microsoft.Extensions.Options;

namespace Deployer.Integrations.PagerDuty;

/// <summary>
/// <see cref="IIncidentSource"/> <c>pagerduty</c>: triggered and acknowledged incidents on the listed service ids,
/// following <c>offset</c>/<c>limit</c> pages while <c>more</c> is true.
/// </summary>
public sealed class PagerDutyIncidentSource : IIncidentSource
{
    public const string SourceName = "pagerduty";
    internal const string System = "PagerDuty";
    internal const string ClientName = "pagerduty";
    private const int MaxPages = 50;

    private readonly IHttpClientFactory _clients;
    private readonly int _pageSize;

    internal PagerDutyIncidentSource(IHttpClientFactory clients, IOptions<PagerDutyOptions> options)
    {
        _clients = clients;
        _pageSize = Math.Clamp(options.Value.PageSize, 1, 100);
    }

    public string Source => SourceName;

    public async Task<IReadOnlyList<Incident>> GetOpenIncidentsAsync(IReadOnlyCollection<string> services, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(services);
        var incidents = new List<Incident>();
        if (services.Count == 0)
        {
            return incidents;
        }

        var filter = "incidents?statuses%5B%5D=triggered&statuses%5B%5D=acknowledged&date_range=all"
            + string.Concat(services.Select(s => "&service_ids%5B%5D=" + Uri.EscapeDataString(s)));
        var client = _clients.CreateClient(ClientName);
        var offset = 0;
        for (var page = 0; page < MaxPages; page++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, $"{filter}&limit={_pageSize}&offset={offset}");
            var body = await IntegrationHttp.GetJsonAsync<PagerDutyIncidentPage>(client, request, System, IntegrationJson.SnakeCase, cancellationToken);
            incidents.AddRange(body.Incidents.Select(i => new Incident(
                i.Id,
                i.Service.Id,
                i.Status,
                i.IncidentNumber is { } n ? $"#{n} {i.Title ?? "(untitled)"}" : i.Title ?? "(untitled)")));
            if (!body.More || body.Incidents.Count == 0)
            {
                return incidents;
            }

            offset += body.Incidents.Count;
        }

        throw new IntegrationException(System, $"more than {MaxPages} pages of open incidents");
    }
}
