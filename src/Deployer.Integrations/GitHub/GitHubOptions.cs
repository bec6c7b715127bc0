using Deployer.Integrations.Http;

namespace Deployer.Integrations.GitHub;

/// <summary>Section <c>GitHub</c>: the REST API with a token.</summary>
public sealed class GitHubOptions : IntegrationHttpOptions
{
    public const string Section = "GitHub";

    /// <summary><c>GitHub:ApiBaseUrl</c> (GitHub Enterprise: <c>https://host/api/v3</c>).</summary>
    public string ApiBaseUrl { get; set; } = "https://api.github.com";

    /// <summary><c>GitHub:Token</c> (env <c>GitHub__Token</c>); the integration is off without it.</summary>
    public string? Token { get; set; }
}
