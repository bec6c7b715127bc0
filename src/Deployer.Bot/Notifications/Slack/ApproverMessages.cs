using Deployer.Bot.ChatOps.Rendering;
using Deployer.Core.Commands;

namespace Deployer.Bot.Notifications.Slack;

/// <summary>
/// The direct messages about a force-promote request: each approver (<see cref="ApproverDirectory"/>; never the
/// requester) gets the request's message with its Approve / Reject buttons while it is pending, and that message is
/// updated in place whatever decides it (a button in the channel or a DM, a typed verb, expiry). Keyed per request and
/// user, so the outbox posts each once and updates it afterwards; the channel is the user id, which the dispatcher
/// turns into the DM's channel (<c>conversations.open</c>).
/// </summary>
internal static class ApproverMessages
{
    public static string Key(string requestId, string userId) => $"{SlackRenderer.ForceRequestKey(requestId)}:dm:{userId}";

    public static IReadOnlyList<SlackCall> Calls(ForceRequest request, IReadOnlyList<string> approvers)
    {
        if (approvers.Count == 0)
        {
            return [];
        }

        // Pending: post or update; decided: only update what was posted (a break-glass request never asked anyone).
        var kind = request.Status == ForceRequestStatus.Pending ? SlackCallKind.Upsert : SlackCallKind.UpdateIfPosted;
        var message = ForceRequestBlocks.Render(request);
        return [.. approvers
            .Where(user => !string.Equals(user, request.RequestedBy, StringComparison.OrdinalIgnoreCase))
            .Select(user => new SlackCall(kind, user, Key(request.Id, user), message))];
    }
}
