using Deployer.Integrations.Http;

namespace Deployer.Integrations.Alertmanager;

/// <summary>Section <c>Alertmanager</c>.</summary>
public sealed class AlertmanagerOptions : IntegrationHttpOptions
{
    public const string Section = "Alertmanager";

    /// <summary><c>Alertmanager:Url</c>, e.g. <c>http://alertmanager:9093</c>; the integration is off without it.</summary>
    public string? Url { get; set; }
}
