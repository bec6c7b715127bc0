using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Deployer.Slack.BlockKit;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Deployer.Slack.WebApi;

/// <summary>
/// Slack Web API client: Bearer token, JSON for writes and forms for reads. Retries, Retry-After, the circuit breaker,
/// timeouts and per-channel pacing are the HttpClient's resilience pipeline (<see cref="SlackResilience"/>); this class
/// marks which channel a write goes to and turns what is left of a failure into a typed exception.
/// </summary>
public sealed partial class SlackApiClient : ISlackApiClient
{
    private readonly IHttpClientFactory _httpClientFactory;
    private readonly SlackOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<SlackApiClient> _logger;
    private readonly Uri _baseUrl;

    public SlackApiClient(IHttpClientFactory httpClientFactory, IOptions<SlackOptions> options, TimeProvider timeProvider, ILogger<SlackApiClient> logger)
    {
        ArgumentNullException.ThrowIfNull(httpClientFactory);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentNullException.ThrowIfNull(logger);
        _httpClientFactory = httpClientFactory;
        _options = options.Value;
        _timeProvider = timeProvider;
        _logger = logger;
        var baseUrl = _options.ApiBaseUrl.AbsoluteUri;
        _baseUrl = new Uri(baseUrl.EndsWith('/') ? baseUrl : baseUrl + "/");
    }

    public async Task<SlackMessageRef> PostMessageAsync(string channel, SlackMessage message, string? threadTs = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(channel);
        ArgumentNullException.ThrowIfNull(message);
        // A post with metadata can be found again, and its sender searches for it rather than posting blindly twice.
        var root = await CallJsonAsync("chat.postMessage", new PostMessageArgs(channel, message.Text, message.Blocks, threadTs, message.Metadata), channel, cancellationToken,
            noBlindRetry: message.Metadata is not null);
        return new SlackMessageRef(GetString(root, "channel") ?? channel, GetString(root, "ts") ?? "");
    }

    public Task<SlackHistoryPage> GetHistoryAsync(string channel, SlackHistoryQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(channel);
        ArgumentNullException.ThrowIfNull(query);
        return ReadHistoryAsync("conversations.history", [new("channel", channel)], query, cancellationToken);
    }

    public Task<SlackHistoryPage> GetRepliesAsync(string channel, string threadTs, SlackHistoryQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(channel);
        ArgumentException.ThrowIfNullOrEmpty(threadTs);
        ArgumentNullException.ThrowIfNull(query);
        return ReadHistoryAsync("conversations.replies", [new("channel", channel), new("ts", threadTs)], query, cancellationToken);
    }

    public async Task<SlackMessageRef> UpdateMessageAsync(string channel, string ts, SlackMessage message, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(channel);
        ArgumentException.ThrowIfNullOrEmpty(ts);
        ArgumentNullException.ThrowIfNull(message);
        var root = await CallJsonAsync("chat.update", new UpdateArgs(channel, ts, message.Text, message.Blocks), channel, cancellationToken);
        return new SlackMessageRef(GetString(root, "channel") ?? channel, GetString(root, "ts") ?? ts);
    }

    public async Task<string> PostEphemeralAsync(string channel, string user, SlackMessage message, string? threadTs = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(channel);
        ArgumentException.ThrowIfNullOrEmpty(user);
        ArgumentNullException.ThrowIfNull(message);
        var root = await CallJsonAsync("chat.postEphemeral", new EphemeralArgs(channel, user, message.Text, message.Blocks, threadTs), null, cancellationToken);
        return GetString(root, "message_ts") ?? "";
    }

    public async Task<SlackUser> GetUserAsync(string userId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(userId);
        var root = await CallFormAsync("users.info", [new("user", userId)], BotToken(), cancellationToken);
        var user = root.GetProperty("user");
        var profile = user.TryGetProperty("profile", out var p) ? p : default;
        return new SlackUser(GetString(user, "id") ?? userId, GetString(user, "name") ?? "")
        {
            TeamId = GetString(user, "team_id"),
            RealName = GetString(user, "real_name") ?? GetString(profile, "real_name"),
            DisplayName = GetString(profile, "display_name"),
            Email = GetString(profile, "email"),
            IsBot = GetBool(user, "is_bot"),
            Deleted = GetBool(user, "deleted"),
        };
    }

    public async Task<IReadOnlyList<SlackUserGroup>> ListUserGroupsAsync(CancellationToken cancellationToken = default)
    {
        var root = await CallFormAsync("usergroups.list", [], BotToken(), cancellationToken);
        return root.TryGetProperty("usergroups", out var groups) && groups.ValueKind == JsonValueKind.Array
            ? groups.EnumerateArray()
                .Where(g => GetString(g, "id") is not null)
                .Select(g => new SlackUserGroup(GetString(g, "id")!, GetString(g, "handle") ?? "", GetString(g, "name") ?? ""))
                .ToArray()
            : [];
    }

    public async Task<IReadOnlyList<string>> GetUserGroupMembersAsync(string userGroupId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(userGroupId);
        var root = await CallFormAsync("usergroups.users.list", [new("usergroup", userGroupId)], BotToken(), cancellationToken);
        return root.TryGetProperty("users", out var users) && users.ValueKind == JsonValueKind.Array
            ? users.EnumerateArray().Select(u => u.GetString()).OfType<string>().ToArray()
            : [];
    }

    public async Task<SlackConversation> GetConversationAsync(string channelId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(channelId);
        var root = await CallFormAsync("conversations.info", [new("channel", channelId)], BotToken(), cancellationToken);
        var channel = root.GetProperty("channel");
        return new SlackConversation(GetString(channel, "id") ?? channelId, GetString(channel, "name"))
        {
            IsPrivate = GetBool(channel, "is_private"),
            IsArchived = GetBool(channel, "is_archived"),
            IsMember = GetBool(channel, "is_member"),
        };
    }

    public async Task<Uri> OpenSocketModeConnectionAsync(CancellationToken cancellationToken = default)
    {
        var token = _options.AppToken;
        if (string.IsNullOrEmpty(token))
        {
            throw new InvalidOperationException($"{SlackOptions.SectionName}:{nameof(SlackOptions.AppToken)} (xapp-…) is required for Socket Mode.");
        }

        var root = await CallFormAsync("apps.connections.open", [], token, cancellationToken);
        var url = GetString(root, "url");
        return Uri.TryCreate(url, UriKind.Absolute, out var uri)
            ? uri
            : throw new SlackApiException("apps.connections.open", "invalid_url_in_response");
    }

    private async Task<SlackHistoryPage> ReadHistoryAsync(string method, List<KeyValuePair<string, string>> fields, SlackHistoryQuery query, CancellationToken cancellationToken)
    {
        fields.Add(new("limit", Math.Clamp(query.Limit, 1, SlackHistoryQuery.MaxLimit).ToString(CultureInfo.InvariantCulture)));
        if (query.Oldest is { Length: > 0 } oldest)
        {
            fields.Add(new("oldest", oldest));
        }

        if (query.Cursor is { Length: > 0 } cursor)
        {
            fields.Add(new("cursor", cursor));
        }

        if (query.IncludeAllMetadata)
        {
            fields.Add(new("include_all_metadata", "true"));
        }

        var root = await CallFormAsync(method, [.. fields], BotToken(), cancellationToken);
        var messages = root.TryGetProperty("messages", out var list) && list.ValueKind == JsonValueKind.Array
            ? list.EnumerateArray().Where(m => GetString(m, "ts") is not null).Select(ReadHistoryMessage).ToArray()
            : [];
        var next = root.TryGetProperty("response_metadata", out var metadata) ? GetString(metadata, "next_cursor") : null;
        return new SlackHistoryPage(messages, string.IsNullOrEmpty(next) ? null : next);
    }

    private static SlackHistoryMessage ReadHistoryMessage(JsonElement message)
    {
        SlackMessageMetadata? metadata = null;
        if (message.TryGetProperty("metadata", out var m) && GetString(m, "event_type") is { } eventType)
        {
            // A free-form payload: its flat string, number and boolean fields are kept as text; nested values are skipped.
            var payload = m.TryGetProperty("event_payload", out var p) && p.ValueKind == JsonValueKind.Object
                ? p.EnumerateObject()
                    .Where(f => f.Value.ValueKind is JsonValueKind.String or JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False)
                    .ToDictionary(f => f.Name, f => f.Value.ValueKind == JsonValueKind.String ? f.Value.GetString()! : f.Value.GetRawText(), StringComparer.Ordinal)
                : [];
            metadata = new SlackMessageMetadata(eventType, payload);
        }

        return new SlackHistoryMessage(GetString(message, "ts")!, GetString(message, "thread_ts"), GetString(message, "text"), metadata);
    }

    /// <param name="channel">The channel written to, paced per channel; null for calls that are not paced.</param>
    private Task<JsonElement> CallJsonAsync<T>(string method, T args, string? channel, CancellationToken cancellationToken, bool noBlindRetry = false)
    {
        var json = JsonSerializer.Serialize(args, SlackJson.Options);
        return CallAsync(method, new StringContent(json, Encoding.UTF8, "application/json"), BotToken(), channel, cancellationToken, noBlindRetry);
    }

    private Task<JsonElement> CallFormAsync(string method, KeyValuePair<string, string>[] fields, string token, CancellationToken cancellationToken) =>
        CallAsync(method, new FormUrlEncodedContent(fields), token, null, cancellationToken);

    private async Task<JsonElement> CallAsync(string method, HttpContent content, string token, string? channel, CancellationToken cancellationToken, bool noBlindRetry = false)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(_baseUrl, method)) { Content = content };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        if (noBlindRetry)
        {
            request.Options.Set(SlackResilience.NoBlindRetry, true);
        }

        if (channel is not null)
        {
            request.Options.Set(SlackChannelLimiter.Channel, channel);
        }

        using var response = await SlackResilience.SendAsync(_httpClientFactory.CreateClient(SlackHttpClientNames.WebApi), method, request, cancellationToken);
        if (response.StatusCode == HttpStatusCode.TooManyRequests)
        {
            var retryAfter = SlackResilience.RetryAfter(response, _timeProvider);
            _logger.LogWarning("Slack rate-limited {Method}; Retry-After {RetryAfter}", method, retryAfter);
            throw new SlackTransientException(method, "ratelimited", response.StatusCode, retryAfter);
        }

        if ((int)response.StatusCode >= 500)
        {
            throw new SlackTransientException(method, $"HTTP {(int)response.StatusCode}", response.StatusCode);
        }

        if (!response.IsSuccessStatusCode)
        {
            throw new SlackApiException(method, "http_" + ((int)response.StatusCode).ToString(CultureInfo.InvariantCulture));
        }

        return await ReadResultAsync(method, response, cancellationToken);
    }

    private async Task<JsonElement> ReadResultAsync(string method, HttpResponseMessage response, CancellationToken cancellationToken)
    {
        JsonElement root;
        try
        {
            await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
            using var document = await JsonDocument.ParseAsync(stream, cancellationToken: cancellationToken);
            root = document.RootElement.Clone();
        }
        catch (JsonException ex)
        {
            throw new SlackTransientException(method, "response is not JSON", response.StatusCode, innerException: ex);
        }

        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("ok", out var ok) || ok.ValueKind != JsonValueKind.True)
        {
            var error = GetString(root, "error") ?? "unknown_error";
            throw SlackResilience.IsRateLimitedError(error)
                ? new SlackTransientException(method, error, response.StatusCode, SlackResilience.RetryAfter(response, _timeProvider) ?? SlackResilience.DefaultRetryAfter)
                : new SlackApiException(method, error);
        }

        LogWarnings(method, root);
        return root;
    }

    private void LogWarnings(string method, JsonElement root)
    {
        if (GetString(root, "warning") is { } warning)
        {
            _logger.LogWarning("Slack API {Method} warning: {Warning}", method, warning);
        }

        if (root.TryGetProperty("response_metadata", out var metadata)
            && metadata.ValueKind == JsonValueKind.Object
            && metadata.TryGetProperty("warnings", out var warnings)
            && warnings.ValueKind == JsonValueKind.Array
            && warnings.GetArrayLength() > 0)
        {
            _logger.LogWarning("Slack API {Method} warnings: {Warnings}", method, string.Join(", ", warnings.EnumerateArray()));
        }
    }

    private string BotToken() =>
        string.IsNullOrEmpty(_options.BotToken)
            ? throw new InvalidOperationException($"{SlackOptions.SectionName}:{nameof(SlackOptions.BotToken)} (xoxb-…) is not configured.")
            : _options.BotToken;

    private static string? GetString(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;

    private static bool GetBool(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.True;

    private sealed record PostMessageArgs(string Channel, string Text, IReadOnlyList<Block>? Blocks, string? ThreadTs, SlackMessageMetadata? Metadata);

    private sealed record UpdateArgs(string Channel, string Ts, string Text, IReadOnlyList<Block>? Blocks);

    private sealed record EphemeralArgs(string Channel, string User, string Text, IReadOnlyList<Block>? Blocks, string? ThreadTs);
}
