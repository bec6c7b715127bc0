using System.Net;
using System.Text;
using System.Text.Json;
using Deployer.Slack.Inbound;
using Microsoft.Extensions.Logging;

namespace Deployer.Slack.WebApi;

/// <summary>Posts replies to response_url (plain JSON, no token), refusing a 6th use or a use after 30 minutes.</summary>
public sealed class SlackResponseUrlClient : ISlackResponseUrlClient
{
    private const string Method = "response_url";
    private readonly IHttpClientFactory _httpClientFactory;
    private readonly ResponseUrlTracker _tracker;
    private readonly ILogger<SlackResponseUrlClient> _logger;

    public SlackResponseUrlClient(IHttpClientFactory httpClientFactory, TimeProvider timeProvider, ILogger<SlackResponseUrlClient> logger)
    {
        ArgumentNullException.ThrowIfNull(httpClientFactory);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentNullException.ThrowIfNull(logger);
        _httpClientFactory = httpClientFactory;
        _tracker = new ResponseUrlTracker(timeProvider);
        _logger = logger;
    }

    public Task PostAsync(string responseUrl, SlackMessageResponse response, CancellationToken cancellationToken = default) =>
        PostCoreAsync(responseUrl, response, null, cancellationToken);

    public Task PostAsync(string responseUrl, SlackMessageResponse response, DateTimeOffset issuedAt, CancellationToken cancellationToken = default) =>
        PostCoreAsync(responseUrl, response, issuedAt, cancellationToken);

    private async Task PostCoreAsync(string responseUrl, SlackMessageResponse response, DateTimeOffset? issuedAt, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(response);
        if (!Uri.TryCreate(responseUrl, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
        {
            throw new ArgumentException("A response_url must be an absolute http(s) URL.", nameof(responseUrl));
        }

        if (_tracker.TryUse(responseUrl, issuedAt) is { } refusal)
        {
            throw new SlackResponseUrlException(refusal);
        }

        var json = JsonSerializer.Serialize(response, SlackJson.Options);
        using var request = new HttpRequestMessage(HttpMethod.Post, uri) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        var reply = await SlackResilience.SendAsync(_httpClientFactory.CreateClient(SlackHttpClientNames.ResponseUrl), Method, request, cancellationToken);
        using (reply)
        {
            var body = await reply.Content.ReadAsStringAsync(cancellationToken);
            if ((int)reply.StatusCode >= 500 || reply.StatusCode == HttpStatusCode.TooManyRequests)
            {
                throw new SlackTransientException(Method, $"HTTP {(int)reply.StatusCode}", reply.StatusCode, reply.Headers.RetryAfter?.Delta);
            }

            if (reply.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.Gone || body.Contains("expired_url", StringComparison.Ordinal))
            {
                throw new SlackResponseUrlException(ResponseUrlRefusal.Expired);
            }

            if (!reply.IsSuccessStatusCode)
            {
                throw new SlackApiException(Method, string.IsNullOrWhiteSpace(body) ? $"http_{(int)reply.StatusCode}" : body.Trim());
            }

            if (ErrorOf(body) is { } error)
            {
                throw new SlackApiException(Method, error);
            }

            _logger.LogDebug("Posted to response_url ({Length} bytes)", json.Length);
        }
    }

    // Slack answers either "ok" or {"ok":true}; only an explicit ok:false is a failure.
    private static string? ErrorOf(string body)
    {
        if (!body.TrimStart().StartsWith('{'))
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            return root.TryGetProperty("ok", out var ok) && ok.ValueKind == JsonValueKind.False
                ? root.TryGetProperty("error", out var e) && e.ValueKind == JsonValueKind.String ? e.GetString() : "unknown_error"
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
