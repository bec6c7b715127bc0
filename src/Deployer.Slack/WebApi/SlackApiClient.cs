using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Deployer.Slack.BlockKit;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Deployer.Slack.WebApi;

/// <summary>Slack Web API client: Bearer token, JSON for writes and forms for reads, 429 retry after Retry-After, per-channel pacing.</summary>
public sealed class SlackApiClient : ISlackApiClient
{
    private static readonly TimeSpan DefaultRetryAfter = TimeSpan.FromSeconds(1);

    private readonly IHttpClientFactory _httpClientFactory;
    private readonly SlackOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<SlackApiClient> _logger;
    private readonly ChannelPacer _pacer;
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
        _pacer = new ChannelPacer(timeProvider, _options.PostMessageInterval);
        var baseUrl = _options.ApiBaseUrl.AbsoluteUri;
        _baseUrl = new Uri(baseUrl.EndsWith('/') ? baseUrl : baseUrl + "/");
    }

    public async Task<SlackMessageRef> PostMessageAsync(string channel, SlackMessage message, string? threadTs = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(channel);
        ArgumentNullException.ThrowIfNull(message);
        await _pacer.WaitAsync(channel, cancellationToken);
        var root = await CallJsonAsync("chat.postMessage", new PostMessageArgs(channel, message.Text, message.Blocks, threadTs), cancellationToken);
        return new SlackMessageRef(GetString(root, "channel") ?? channel, GetString(root, "ts") ?? "");
    }

    public async Task<SlackMessageRef> UpdateMessageAsync(string channel, string ts, SlackMessage message, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(channel);
        ArgumentException.ThrowIfNullOrEmpty(ts);
        ArgumentNullException.ThrowIfNull(message);
        var root = await CallJsonAsync("chat.update", new UpdateArgs(channel, ts, message.Text, message.Blocks), cancellationToken);
        return new SlackMessageRef(GetString(root, "channel") ?? channel, GetString(root, "ts") ?? ts);
    }

    public async Task<string> PostEphemeralAsync(string channel, string user, SlackMessage message, string? threadTs = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(channel);
        ArgumentException.ThrowIfNullOrEmpty(user);
        ArgumentNullException.ThrowIfNull(message);
        var root = await CallJsonAsync("chat.postEphemeral", new EphemeralArgs(channel, user, message.Text, message.Blocks, threadTs), cancellationToken);
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

    private Task<JsonElement> CallJsonAsync<T>(string method, T args, CancellationToken cancellationToken)
    {
        var json = JsonSerializer.Serialize(args, SlackJson.Options);
        return CallAsync(method, () => new StringContent(json, Encoding.UTF8, "application/json"), BotToken(), cancellationToken);
    }

    private Task<JsonElement> CallFormAsync(string method, KeyValuePair<string, string>[] fields, string token, CancellationToken cancellationToken) =>
        CallAsync(method, () => new FormUrlEncodedContent(fields), token, cancellationToken);

    private async Task<JsonElement> CallAsync(string method, Func<HttpContent> content, string token, CancellationToken cancellationToken)
    {
        var client = _httpClientFactory.CreateClient(SlackHttpClientNames.WebApi);
        for (var attempt = 0; ; attempt++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(_baseUrl, method)) { Content = content() };
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            using var response = await SendAsync(client, method, request, cancellationToken);
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                var retryAfter = RetryAfter(response);
                if (attempt >= _options.MaxRateLimitRetries || retryAfter > _options.MaxRetryAfter)
                {
                    throw new SlackTransientException(method, "ratelimited", response.StatusCode, retryAfter);
                }

                _logger.LogWarning("Slack rate-limited {Method}; retrying after {RetryAfter} (attempt {Attempt})", method, retryAfter, attempt + 1);
                await Task.Delay(retryAfter, _timeProvider, cancellationToken);
                continue;
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
    }

    private static async Task<HttpResponseMessage> SendAsync(HttpClient client, string method, HttpRequestMessage request, CancellationToken cancellationToken)
    {
        try
        {
            return await client.SendAsync(request, cancellationToken);
        }
        catch (HttpRequestException ex)
        {
            throw new SlackTransientException(method, "request failed: " + ex.Message, innerException: ex);
        }
        catch (TaskCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw new SlackTransientException(method, "timed out", innerException: ex);
        }
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
            throw new SlackApiException(method, GetString(root, "error") ?? "unknown_error");
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

    private TimeSpan RetryAfter(HttpResponseMessage response)
    {
        var header = response.Headers.RetryAfter;
        if (header?.Delta is { } delta)
        {
            return delta;
        }

        if (header?.Date is { } date)
        {
            var wait = date - _timeProvider.GetUtcNow();
            return wait > TimeSpan.Zero ? wait : TimeSpan.Zero;
        }

        return DefaultRetryAfter;
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

    private sealed record PostMessageArgs(string Channel, string Text, IReadOnlyList<Block>? Blocks, string? ThreadTs);

    private sealed record UpdateArgs(string Channel, string Ts, string Text, IReadOnlyList<Block>? Blocks);

    private sealed record EphemeralArgs(string Channel, string User, string Text, IReadOnlyList<Block>? Blocks, string? ThreadTs);
}
