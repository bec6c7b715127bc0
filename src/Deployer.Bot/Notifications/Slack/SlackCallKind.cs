namespace Deployer.Bot.Notifications.Slack;

/// <summary>How a <see cref="SlackCall"/> treats its key.</summary>
internal enum SlackCallKind
{
    /// <summary>Post the first time the key is seen, update that message afterwards.</summary>
    Upsert,

    /// <summary>Reply in the thread of the message posted under the key.</summary>
    Reply,

    /// <summary>A one-off message (the key is ignored).</summary>
    Post,

    /// <summary>Reply in the thread of the message posted under the key; dropped when no message was ever posted under it.</summary>
    ReplyIfPosted,

    /// <summary>Update the message posted under the key; dropped when no message was ever posted under it (a DM about a request decided before it was sent).</summary>
    UpdateIfPosted,
}
