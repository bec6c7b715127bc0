using System.Globalization;
using System.Net;
using System.Text.Json;
using Polly.Timeout;

namespace Deployer.Integrations.Http;

/// <summary>Sends requests and turns every way they can fail into an <see cref="IntegrationException"/> a person can read.</summary>
internal static class IntegrationHttp
{
    private const int MaxBodyInMessage = 200;

    /// <summary>Sends <paramref name="request"/>; throws on timeouts and connection failures, never on HTTP status.</summary>
    public static async Task<HttpResponseMessage> SendAsync(HttpClient client, HttpRequestMessage request, string system, CancellationToken cancellationToken)
    {
        try
        {
            return await client.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken);
        }
        catch (TimeoutRejectedException ex)
        {
            throw new IntegrationException(system, $"timed out after {Format(ex.Timeout)}", innerException: ex);
        }
        catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw new IntegrationException(system, $"timed out after {Format(client.Timeout)}", innerException: ex);
        }
        catch (HttpRequestException ex)
        {
            throw new IntegrationException(system, $"request failed: {ex.Message}", innerException: ex);
        }
    }

    /// <summary>Throws "System: HTTP 503 Service Unavailable[: id: message]" unless the response is a success.</summary>
    public static async Task EnsureSuccessAsync(HttpResponseMessage response, string system, CancellationToken cancellationToken)
    {
        if (response.IsSuccessStatusCode)
        {
            return;
        }

        throw await ErrorAsync(response, system, cancellationToken);
    }

    /// <summary>The exception describing a non-success response, with the system's own error id and message when it sent them.</summary>
    public static async Task<IntegrationException> ErrorAsync(HttpResponseMessage response, string system, CancellationToken cancellationToken)
    {
        var body = await ReadBodyQuietlyAsync(response, cancellationToken);
        var (id, message) = ParseErrorBody(body);
        var text = $"HTTP {(int)response.StatusCode} {Reason(response)}";
        if (message is not null)
        {
            text += id is null ? $": {message}" : $": {id}: {message}";
        }

        return new IntegrationException(system, text, response.StatusCode) { ErrorId = id };
    }

    /// <summary>Reads the body as <typeparamref name="T"/>; anything unreadable is "System: malformed JSON: …".</summary>
    public static async Task<T> ReadJsonAsync<T>(HttpResponseMessage response, string system, JsonSerializerOptions options, CancellationToken cancellationToken)
    {
        string text;
        try
        {
            text = await response.Content.ReadAsStringAsync(cancellationToken);
        }
        catch (HttpRequestException ex)
        {
            throw new IntegrationException(system, $"reading the response failed: {ex.Message}", innerException: ex);
        }

        return ParseJson<T>(text, system, options);
    }

    public static T ParseJson<T>(string text, string system, JsonSerializerOptions options)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            throw new IntegrationException(system, "malformed JSON: the body is empty");
        }

        try
        {
            return JsonSerializer.Deserialize<T>(text, options)
                ?? throw new IntegrationException(system, "malformed JSON: the body is null");
        }
        catch (JsonException ex)
        {
            throw new IntegrationException(system, $"malformed JSON: {ex.Message}", innerException: ex);
        }
    }

    /// <summary>GET (or any request) expecting a JSON success body.</summary>
    public static async Task<T> GetJsonAsync<T>(HttpClient client, HttpRequestMessage request, string system, JsonSerializerOptions options, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(client, request, system, cancellationToken);
        await EnsureSuccessAsync(response, system, cancellationToken);
        return await ReadJsonAsync<T>(response, system, options, cancellationToken);
    }

    /// <summary>"300ms", "5s", "1.5s", "2m": short, for messages.</summary>
    public static string Format(TimeSpan span)
    {
        if (span == System.Threading.Timeout.InfiniteTimeSpan)
        {
            return "ever";
        }

        if (span < TimeSpan.FromSeconds(1))
        {
            return $"{(int)span.TotalMilliseconds}ms";
        }

        if (span < TimeSpan.FromMinutes(2))
        {
            return $"{span.TotalSeconds.ToString("0.#", CultureInfo.InvariantCulture)}s";
        }

        return $"{span.TotalMinutes.ToString("0.#", CultureInfo.InvariantCulture)}m";
    }

    /// <summary>Escapes one path segment (a name, a sha).</summary>
    public static string Segment(string value) => Uri.EscapeDataString(value);

    /// <summary>
    /// The status line's reason phrase; when the server sent an empty one, the standard phrase of the code from .NET's own
    /// table (a response without a phrase of its own reports it), empty for codes without one.
    /// </summary>
    private static string Reason(HttpResponseMessage response)
    {
        if (!string.IsNullOrEmpty(response.ReasonPhrase))
        {
            return response.ReasonPhrase;
        }

        using var standard = new HttpResponseMessage(response.StatusCode);
        return standard.ReasonPhrase ?? "";
    }

    private static async Task<string> ReadBodyQuietlyAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            return await response.Content.ReadAsStringAsync(cancellationToken);
        }
        catch (HttpRequestException)
        {
            // The status line already says what went wrong; a body we cannot read adds nothing.
            return "";
        }
    }

    /// <summary>Understands the error shapes of the systems we talk to: Heroku's {id, message}, GitHub's {message},
    /// PagerDuty's {error: {code, message}}, Alertmanager's bare JSON string. Anything else: a short text snippet.</summary>
    internal static (string? Id, string? Message) ParseErrorBody(string body)
    {
        var trimmed = body.Trim();
        if (trimmed.Length == 0)
        {
            return (null, null);
        }

        try
        {
            using var doc = JsonDocument.Parse(trimmed);
            var root = doc.RootElement;
            if (root.ValueKind == JsonValueKind.String)
            {
                return (null, Shorten(root.GetString()));
            }

            if (root.ValueKind == JsonValueKind.Object)
            {
                if (root.TryGetProperty("error", out var error) && error.ValueKind == JsonValueKind.Object)
                {
                    root = error;
                }

                var id = root.TryGetProperty("id", out var i) && i.ValueKind == JsonValueKind.String ? i.GetString() : null;
                var message = root.TryGetProperty("message", out var m) && m.ValueKind == JsonValueKind.String ? m.GetString() : null;
                if (message is null && root.TryGetProperty("error", out var e) && e.ValueKind == JsonValueKind.String)
                {
                    message = e.GetString();
                }

                return (id, Shorten(message));
            }
        }
        catch (JsonException)
        {
            // Not JSON: fall through to a plain-text snippet.
        }

        return trimmed.StartsWith('<') ? (null, null) : (null, Shorten(trimmed));
    }

    private static string? Shorten(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var oneLine = text.ReplaceLineEndings(" ").Trim();
        return oneLine.Length <= MaxBodyInMessage ? oneLine : oneLine[..MaxBodyInMessage] + "…";
    }
}
