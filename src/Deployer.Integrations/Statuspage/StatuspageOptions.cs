using Deployer.Integrations.Http;

namespace Deployer.Integrations.Statuspage;

/// <summary>Section <c>Statuspage</c>: a public status page, no auth.</summary>
public sealed class StatuspageOptions : IntegrationHttpOptions
{
    public const string Section = "Statuspage";

    /// <summary><c>Statuspage:Url</c>, the page's address (<c>https://status.example.com</c>); the integration is off without it.</summary>
    public string? Url { get; set; }
}
