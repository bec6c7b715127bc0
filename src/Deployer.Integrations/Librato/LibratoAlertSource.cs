using Deployer.Core.Checks;
using Deployer.Core.Manifests;
using Deployer.Core.Ports;
using Deployer.Integrations.Http;

namespace Deployer.Integrations.Librato;

/// <summary><see cref="IAlertSource"/> <c>librato</c>: one <c>GET /v1/alerts/status</c> per cycle; an alert fires when its id is in <c>firing</c>.</summary>
public sealed class LibratoAlertSource : IAlertSource
{
    public const string SourceName = "librato";
    internal const string System = "Librato";
    internal const string ClientName = "librato";

    private readonly IHttpClientFactory _clients;
    private readonly TimeProvider _time;

    internal LibratoAlertSource(IHttpClientFactory clients, TimeProvider timeProvider)
    {
        _clients = clients;
        _time = timeProvider;
    }

    public string Source => SourceName;

    public async Task<IReadOnlyDictionary<string, AlertStatus>> GetStatusAsync(IReadOnlyCollection<AlertSpec> specs, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(specs);
        var result = new Dictionary<string, AlertStatus>(StringComparer.Ordinal);
        if (specs.Count == 0)
        {
            return result;
        }

        using var request = new HttpRequestMessage(HttpMethod.Get, "v1/alerts/status");
        var status = await IntegrationHttp.GetJsonAsync<LibratoStatus>(
            _clients.CreateClient(ClientName), request, System, IntegrationJson.SnakeCase, cancellationToken);
        var firing = status.Firing.GroupBy(f => f.Id).ToDictionary(g => g.Key, g => g.First());
        var now = _time.GetUtcNow();
        foreach (var spec in specs)
        {
            result[spec.Key] = spec.AlertId switch
            {
                null => new AlertStatus(AlertState.Unknown, "no alertId configured"),
                { } id when firing.TryGetValue(id, out var alert) => new AlertStatus(AlertState.Firing, alert.TriggeredAt is { } at
                    ? $"Librato alert {id} firing since {Reasons.At(DateTimeOffset.FromUnixTimeSeconds(at), now)}"
                    : $"Librato alert {id} firing"),
                { } id => new AlertStatus(AlertState.Ok, $"Librato alert {id} not firing"),
            };
        }

        return result;
    }
}
