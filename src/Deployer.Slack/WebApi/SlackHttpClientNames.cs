namespace Deployer.Slack.WebApi;

/// <summary>Names of the HttpClients registered by <c>AddSlackClient</c>.</summary>
public static class SlackHttpClientNames
{
    /// <summary>Client for the Web API (base address and timeout from <see cref="SlackOptions"/>).</summary>
    public const string WebApi = "Deployer.Slack.WebApi";

    /// <summary>Client for response_url posts (no token).</summary>
    public const string ResponseUrl = "Deployer.Slack.ResponseUrl";
}
