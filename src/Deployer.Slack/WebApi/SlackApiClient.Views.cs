using System.Text.Json;
using Deployer.Slack.BlockKit;

namespace Deployer.Slack.WebApi;

/// <summary>Modals (<c>views.open</c>) and direct messages (<c>conversations.open</c>).</summary>
public sealed partial class SlackApiClient
{
    /// <summary>How long a trigger_id can open a view; <see cref="OpenViewAsync"/> gives up after it.</summary>
    public static readonly TimeSpan TriggerLifetime = TimeSpan.FromSeconds(3);

    public async Task<string> OpenViewAsync(string triggerId, SlackView view, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(triggerId);
        ArgumentNullException.ThrowIfNull(view);
        // Not paced (no channel) and no blind retry: the trigger_id may already be spent when an attempt timed out or failed.
        // A rate limit is retried only while the trigger can still be used: the whole call ends with its lifetime.
        using var expiry = new CancellationTokenSource(TriggerLifetime, _timeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, expiry.Token);
        JsonElement root;
        try
        {
            root = await CallJsonAsync("views.open", new OpenViewArgs(triggerId, view), null, linked.Token, noBlindRetry: true);
        }
        catch (OperationCanceledException ex) when (expiry.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new SlackTransientException("views.open", $"timed out: a trigger_id expires {TriggerLifetime.TotalSeconds:0} s after the interaction", innerException: ex);
        }

        return root.TryGetProperty("view", out var opened) && GetString(opened, "id") is { Length: > 0 } id
            ? id
            : throw new SlackApiException("views.open", "no_view_id_in_response");
    }

    public async Task<string> OpenDirectMessageAsync(string userId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(userId);
        var root = await CallFormAsync("conversations.open", [new("users", userId), new("return_im", "false")], BotToken(), cancellationToken);
        return root.TryGetProperty("channel", out var channel) && GetString(channel, "id") is { Length: > 0 } id
            ? id
            : throw new SlackApiException("conversations.open", "no_channel_id_in_response");
    }

    private sealed record OpenViewArgs(string TriggerId, SlackView View);
}
