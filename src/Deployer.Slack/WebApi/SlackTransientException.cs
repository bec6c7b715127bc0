using System.Net;

namespace Deployer.Slack.WebApi;

/// <summary>Slack could not be reached or was overloaded (5xx, timeout, rate limit outlasting retries): try again later.</summary>
public sealed class SlackTransientException : SlackException
{
    public SlackTransientException(string method, string message, HttpStatusCode? statusCode = null, TimeSpan? retryAfter = null, Exception? innerException = null)
        : base($"Slack API {method}: {message}", innerException)
    {
        Method = method;
        StatusCode = statusCode;
        RetryAfter = retryAfter;
    }

    /// <summary>The Web API method, or <c>response_url</c>.</summary>
    public string Method { get; }

    /// <summary>The HTTP status, when Slack answered at all.</summary>
    public HttpStatusCode? StatusCode { get; }

    /// <summary>When Slack said how long to wait (HTTP 429), that wait.</summary>
    public TimeSpan? RetryAfter { get; }
}
