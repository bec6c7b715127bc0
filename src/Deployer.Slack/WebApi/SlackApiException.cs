namespace Deployer.Slack.WebApi;

/// <summary>Slack answered <c>{"ok":false,"error":…}</c> (or refused the call outright): retrying unchanged will not help.</summary>
public sealed class SlackApiException : SlackException
{
    public SlackApiException(string method, string error)
        : base($"Slack API {method} failed: {error}")
    {
        Method = method;
        Error = error;
    }

    /// <summary>The Web API method, e.g. <c>chat.postMessage</c>.</summary>
    public string Method { get; }

    /// <summary>Slack's error code, e.g. <c>channel_not_found</c>.</summary>
    public string Error { get; }
}
