using Deployer.Core.Ports;
using Deployer.Integrations.Http;
using Microsoft.Extensions.Options;

namespace Deployer.Integrations.PagerDuty;

/// <summary>
/// <see cref="IIncidentSource"/> <c>pagerduty</c>: triggered and acknowledged incidents on the listed service ids.
/// The ids are split into chunks of <see cref="PagerDutyOptions.MaxServicesPerRequest"/> (a few chunks at once), each
/// following <c>offset</c>/<c>limit</c> pages while <c>more</c> is true; any chunk failing fails the whole call.
/// </summary>
public sealed class PagerDutyIncidentSource : IIncidentSource
{
    public const string SourceName = "pagerduty";
    internal const string System = "PagerDuty";
    internal const string ClientName = "pagerduty";
    private const int MaxPages = 50;
    private const int MaxConcurrentChunks = 4;

    private readonly IHttpClientFactory _clients;
    private readonly int _pageSize;
    private readonly int _servicesPerRequest;

    internal PagerDutyIncidentSource(IHttpClientFactory clients, IOptions<PagerDutyOptions> options)
    {
        _clients = clients;
        _pageSize = Math.Clamp(options.Value.PageSize, 1, 100);
        _servicesPerRequest = Math.Clamp(options.Value.MaxServicesPerRequest, 1, 500);
    }

    public string Source => SourceName;

    public async Task<IReadOnlyList<Incident>> GetOpenIncidentsAsync(IReadOnlyCollection<string> services, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(services);
        var chunks = services.Distinct(StringComparer.Ordinal).Chunk(_servicesPerRequest).ToList();
        if (chunks.Count == 0)
        {
            return [];
        }

        // One URL with every service id grows past what proxies accept (414), hence the chunks. The first failure
        // cancels the other chunks and is what the caller sees: a partial answer would hide incidents (fail closed).
        var results = new List<Incident>[chunks.Count];
        var client = _clients.CreateClient(ClientName);
        await Parallel.ForEachAsync(
            Enumerable.Range(0, chunks.Count),
            new ParallelOptions { MaxDegreeOfParallelism = MaxConcurrentChunks, CancellationToken = cancellationToken },
            async (i, ct) => results[i] = await ReadChunkAsync(client, chunks[i], ct));

        // Offset paging can repeat an incident when the list shifts between pages; report each once.
        var seen = new HashSet<string>(StringComparer.Ordinal);
        return results.SelectMany(r => r).Where(i => seen.Add(i.Id)).ToList();
    }

    private async Task<List<Incident>> ReadChunkAsync(HttpClient client, string[] services, CancellationToken cancellationToken)
    {
        var filter = "incidents?statuses%5B%5D=triggered&statuses%5B%5D=acknowledged&date_range=all"
            + string.Concat(services.Select(s => "&service_ids%5B%5D=" + Uri.EscapeDataString(s)));
        var incidents = new List<Incident>();
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
