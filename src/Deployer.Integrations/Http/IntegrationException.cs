using System.Net;

namespace Deployer.Integrations.Http;

/// <summary>An outside system could not be read or refused a request. The message names the system and says why.</summary>
public sealed class IntegrationException : Exception
{
    public IntegrationException(string system, string message, HttpStatusCode? statusCode = null, Exception? innerException = null)
        : base($"{system}: {message}", innerException)
    {
        System = system;
        StatusCode = statusCode;
    }

    /// <summary>The system's name as people know it: <c>Heroku</c>, <c>Alertmanager</c>.</summary>
    public string System { get; }

    /// <summary>The HTTP status when the system answered with an error; null for timeouts, connection and parse failures.</summary>
    public HttpStatusCode? StatusCode { get; }

    /// <summary>The system's own error id when it sent one (Heroku's <c>rate_limit</c>, <c>not_found</c>).</summary>
    public string? ErrorId { get; init; }

    /// <summary>True for failures worth trying again later: timeouts, connection errors, 429 and 5xx.</summary>
    public bool IsTransient => StatusCode is null or HttpStatusCode.TooManyRequests or >= HttpStatusCode.InternalServerError;
}
