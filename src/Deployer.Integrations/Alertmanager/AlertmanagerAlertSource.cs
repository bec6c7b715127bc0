using Deployer.Core.Checks;
using Deployer.Core.Manifests;
using Deployer.Core.Ports;
using Deployer.Integrations.Http;

namespace Deployer.Integrations.Alertmanager;

/// <summary>
/// <see cref="IAlertSource"/> <c>alertmanager</c>. One <c>GET /api/v2/alerts?active=true&amp;silenced=false&amp;inhibited=false</c>
/// per distinct matcher set, with each matcher sent as a <c>filter</c> so Alertmanager itself does the matching
/// (matchers are parsed locally first only to reject bad ones early and to spot identical sets).
/// A spec is firing when any returned alert has state <c>active</c>; silenced and inhibited alerts never block.
/// </summary>
public sealed class AlertmanagerAlertSource : IAlertSource
{
    public const string SourceName = "alertmanager";
    internal const string System = "Alertmanager";
    internal const string ClientName = "alertmanager";

    private readonly IHttpClientFactory _clients;
    private readonly TimeProvider _time;

    internal AlertmanagerAlertSource(IHttpClientFactory clients, TimeProvider timeProvider)
    {
        _clients = clients;
        _time = timeProvider;
    }

    public string Source => SourceName;

    public async Task<IReadOnlyDictionary<string, AlertStatus>> GetStatusAsync(IReadOnlyCollection<AlertSpec> specs, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(specs);
        var result = new Dictionary<string, AlertStatus>(StringComparer.Ordinal);
        var queries = new Dictionary<string, (List<string> Filters, List<AlertSpec> Specs)>(StringComparer.Ordinal);
        foreach (var spec in specs)
        {
            if (Filters(spec, out var error) is not { } filters)
            {
                result[spec.Key] = new AlertStatus(AlertState.Unknown, error!);
                continue;
            }

            var key = string.Join('\n', filters.Order(StringComparer.Ordinal));
            if (!queries.TryGetValue(key, out var query))
            {
                queries[key] = query = (filters, []);
            }

            query.Specs.Add(spec);
        }

        var answers = await Task.WhenAll(queries.Values.Select(async q =>
        {
            try
            {
                return (q.Specs, Status: await QueryAsync(q.Filters, cancellationToken), Error: (IntegrationException?)null);
            }
            catch (IntegrationException ex)
            {
                return (q.Specs, Status: (AlertStatus?)null, Error: ex);
            }
        }));

        // Nothing answered: the source cannot be read at all, which the caller reports once rather than per alert.
        if (answers.Length > 0 && answers.All(a => a.Error is not null))
        {
            throw answers[0].Error!;
        }

        foreach (var (querySpecs, status, error) in answers)
        {
            foreach (var spec in querySpecs)
            {
                result[spec.Key] = status ?? new AlertStatus(AlertState.Unknown, error!.Message);
            }
        }

        return result;
    }

    private static List<string>? Filters(AlertSpec spec, out string? error)
    {
        if (spec.Matchers.Count == 0)
        {
            error = "no matchers configured";
            return null;
        }

        var filters = new List<string>(spec.Matchers.Count);
        foreach (var text in spec.Matchers)
        {
            if (!AlertMatcher.TryParse(text, out var matcher, out error))
            {
                return null;
            }

            filters.Add(matcher.ToString());
        }

        error = null;
        return filters;
    }

    private async Task<AlertStatus> QueryAsync(IReadOnlyList<string> filters, CancellationToken cancellationToken)
    {
        var query = "api/v2/alerts?active=true&silenced=false&inhibited=false"
            + string.Concat(filters.Select(f => "&filter=" + Uri.EscapeDataString(f)));
        using var request = new HttpRequestMessage(HttpMethod.Get, query);
        var alerts = await IntegrationHttp.GetJsonAsync<List<AlertmanagerAlert>>(
            _clients.CreateClient(ClientName), request, System, IntegrationJson.CamelCase, cancellationToken);

        var firing = alerts.Where(a => string.Equals(a.Status.State, "active", StringComparison.OrdinalIgnoreCase)).ToList();
        if (firing.Count == 0)
        {
            return new AlertStatus(AlertState.Ok, "no active alert matches");
        }

        var names = string.Join(", ", firing.Select(a => a.Labels.GetValueOrDefault("alertname", "alert")).Distinct(StringComparer.Ordinal));
        var since = firing.Where(a => a.StartsAt is not null).Select(a => a.StartsAt!.Value).DefaultIfEmpty().Min();
        var sinceText = since == default ? "" : $" since {Reasons.At(since, _time.GetUtcNow())}";
        var count = firing.Count == 1 ? "" : $" ({firing.Count} alerts)";
        return new AlertStatus(AlertState.Firing, $"{names} firing{sinceText}{count}");
    }
}
