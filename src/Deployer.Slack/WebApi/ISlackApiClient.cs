using Deployer.Slack.BlockKit;

namespace Deployer.Slack.WebApi;

/// <summary>The Slack Web API methods the app uses. Failures: <see cref="SlackApiException"/> (ok:false) or <see cref="SlackTransientException"/> (retry later).</summary>
public interface ISlackApiClient
{
    /// <summary><c>chat.postMessage</c>, paced per channel (<see cref="SlackOptions.PostMessageInterval"/>), with the message's metadata if it has any.</summary>
    Task<SlackMessageRef> PostMessageAsync(string channel, SlackMessage message, string? threadTs = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// <c>conversations.history</c>: one page of a conversation's top-level messages, newest first (thread replies are not
    /// included; see <see cref="GetRepliesAsync"/>). Needs <c>channels:history</c> / <c>groups:history</c> and a channel id.
    /// </summary>
    Task<SlackHistoryPage> GetHistoryAsync(string channel, SlackHistoryQuery query, CancellationToken cancellationToken = default);

    /// <summary><c>conversations.replies</c>: one page of the thread under <paramref name="threadTs"/>, its parent first.</summary>
    Task<SlackHistoryPage> GetRepliesAsync(string channel, string threadTs, SlackHistoryQuery query, CancellationToken cancellationToken = default);

    /// <summary><c>chat.update</c>: replaces the text and blocks of a message; paced per channel like posts.</summary>
    Task<SlackMessageRef> UpdateMessageAsync(string channel, string ts, SlackMessage message, CancellationToken cancellationToken = default);

    /// <summary><c>chat.postEphemeral</c>: a message only <paramref name="user"/> sees; returns its message_ts.</summary>
    Task<string> PostEphemeralAsync(string channel, string user, SlackMessage message, string? threadTs = null, CancellationToken cancellationToken = default);

    /// <summary><c>users.info</c>.</summary>
    Task<SlackUser> GetUserAsync(string userId, CancellationToken cancellationToken = default);

    /// <summary><c>usergroups.list</c>: the workspace's enabled user groups (id, handle, name), for turning a handle into an id.</summary>
    Task<IReadOnlyList<SlackUserGroup>> ListUserGroupsAsync(CancellationToken cancellationToken = default);

    /// <summary><c>usergroups.users.list</c>: the user ids of a user group.</summary>
    Task<IReadOnlyList<string>> GetUserGroupMembersAsync(string userGroupId, CancellationToken cancellationToken = default);

    /// <summary><c>conversations.info</c>.</summary>
    Task<SlackConversation> GetConversationAsync(string channelId, CancellationToken cancellationToken = default);

    /// <summary>
    /// <c>views.open</c>: shows <paramref name="view"/> as a modal to the user whose interaction gave <paramref name="triggerId"/>;
    /// returns the view id. Not paced and not retried after a timeout or 5xx: a trigger_id lives 3 s and is single use.
    /// </summary>
    Task<string> OpenViewAsync(string triggerId, SlackView view, CancellationToken cancellationToken = default);

    /// <summary><c>conversations.open</c>: the direct-message channel (<c>D…</c>) between the bot and <paramref name="userId"/>. Needs <c>im:write</c>.</summary>
    Task<string> OpenDirectMessageAsync(string userId, CancellationToken cancellationToken = default);

    /// <summary><c>apps.connections.open</c> with the app-level token: a fresh Socket Mode WebSocket URL.</summary>
    Task<Uri> OpenSocketModeConnectionAsync(CancellationToken cancellationToken = default);
}
