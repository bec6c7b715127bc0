using System.Text.RegularExpressions;
using Deployer.Core.Checks;
using Deployer.Core.Manifests;
using Deployer.Core.Ports;
using Deployer.Integrations.Http;

namespace Deployer.Integrations.Alertmanager;

/// <summary>
/// <see cref="IAlertSource"/> <c>alertmanager</c>. One unfiltered <c>GET /api/v2/alerts?active=true&amp;silenced=false&amp;inhibited=false</c>
/// per call, however many specs are asked about; each spec's matchers are then evaluated locally against every alert's
/// labels (<see cref="AlertMatcher"/>: Alertmanager semantics, anchored regexes, a missing label is the empty string).
/// A spec is firing when any matching alert has state <c>active</c>; silenced and inhibited alerts never block.
/// A failed request throws, so every spec of the call fails closed on one message.
/// </summary>
public sealed class AlertmanagerAlertSource : IAlertSource
{
    public const string SourceName = "alertmanager";
    internal const string System = "Alertmanager";
    internal const string ClientName = "alertmanager";
    private const string Query = "api/v2/alerts?active=true&silenced=false&inhibited=false";

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
        var parsed = new List<(AlertSpec Spec, List<AlertMatcher> Matchers)>(specs.Count);
        foreach (var spec in specs)
        {
            if (AlertMatcher.TryParseAll(spec.Matchers, out var matchers, out var error))
            {
                parsed.Add((spec, matchers));
            }
            else
            {
                result[spec.Key] = new AlertStatus(AlertState.Unknown, error);
            }
        }

        if (parsed.Count == 0)
        {
            return result;
        }

        // Unfiltered on purpose: one request answers every spec, where a filter per matcher set cost a request each.
        using var request = new HttpRequestMessage(HttpMethod.Get, Query);
        var alerts = await IntegrationHttp.GetJsonAsync<List<AlertmanagerAlert>>(
            _clients.CreateClient(ClientName), request, System, IntegrationJson.CamelCase, cancellationToken);
        var active = alerts.Where(a => string.Equals(a.Status.State, "active", StringComparison.OrdinalIgnoreCase)).ToList();

        var now = _time.GetUtcNow();
        foreach (var (spec, matchers) in parsed)
        {
            result[spec.Key] = Status(matchers, active, now);
        }

        return result;
    }

    private static AlertStatus Status(List<AlertMatcher> matchers, List<AlertmanagerAlert> active, DateTimeOffset now)
    {
        List<AlertmanagerAlert> firing;
        try
        {
            firing = active.Where(a => AlertMatcher.MatchesAll(matchers, a.Labels)).ToList();
        }
        catch (RegexMatchTimeoutException ex)
        {
            // Only this spec's regex misbehaved: it alone is unknown, the others still have an answer.
            return new AlertStatus(AlertState.Unknown, $"a matcher's regex timed out after {IntegrationHttp.Format(ex.MatchTimeout)}");
        }

        if (firing.Count == 0)
        {
            return new AlertStatus(AlertState.Ok, "no active alert matches");
        }

        var names = string.Join(", ", firing.Select(a => a.Labels.GetValueOrDefault("alertname", "alert")).Distinct(StringComparer.Ordinal));
        var since = firing.Where(a => a.StartsAt is not null).Select(a => a.StartsAt!.Value).DefaultIfEmpty().Min();
        var sinceText = since == default ? "" : $" since {Reasons.At(since, now)}";
        var count = firing.Count == 1 ? "" : $" ({firing.Count} alerts)";
        return new AlertStatus(AlertState.Firing, $"{names} firing{sinceText}{count}");
    }
}
