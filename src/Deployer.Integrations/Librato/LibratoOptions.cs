using Deployer.Integrations.Http;

namespace Deployer.Integrations.Librato;

/// <summary>Section <c>Librato</c>: HTTP Basic auth with the account email and an API token.</summary>
public sealed class LibratoOptions : IntegrationHttpOptions
{
    public const string Section = "Librato";

    /// <summary><c>Librato:Url</c>.</summary>
    public string Url { get; set; } = "https://metrics-api.librato.com";

    /// <summary><c>Librato:Email</c>.</summary>
    public string? Email { get; set; }

    /// <summary><c>Librato:Token</c> (env <c>Librato__Token</c>); the integration is off without it.</summary>
    public string? Token { get; set; }
}
