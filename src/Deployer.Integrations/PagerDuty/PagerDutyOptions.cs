using Deployer.Integrations.Http;

namespace Deployer.Integrations.PagerDuty;

/// <summary>Section <c>PagerDuty</c>: REST API v2 with an API key.</summary>
public sealed class PagerDutyOptions : IntegrationHttpOptions
{
    public const string Section = "PagerDuty";

    /// <summary><c>PagerDuty:Url</c>.</summary>
    public string Url { get; set; } = "https://api.pagerduty.com";

    /// <summary><c>PagerDuty:ApiKey</c> (env <c>PagerDuty__ApiKey</c>); the integration is off without it.</summary>
    public string? ApiKey { get; set; }

    /// <summary>Incidents per page (PagerDuty allows at most 100).</summary>
    public int PageSize { get; set; } = 100;

    /// <summary>
    /// <c>PagerDuty:MaxServicesPerRequest</c> (1–500): service ids per <c>GET /incidents</c>; more services are split
    /// into several requests so the URL stays short (100 ids of 7 characters are about 2.6 KB; proxies refuse over 8 KB).
    /// </summary>
    public int MaxServicesPerRequest { get; set; } = 100;
}
