using Deployer.Core.Commands;
using Deployer.Slack.BlockKit;

namespace Deployer.Bot.ChatOps.Rendering;

/// <summary>The channel message of a force-promote request: who, what, why, what it bypasses, and Approve / Reject buttons while pending.</summary>
internal static class ForceRequestBlocks
{
    public const string ApproveAction = "force_approve";
    public const string RejectAction = "force_reject";

    public static SlackMessage Render(ForceRequest r)
    {
        var title = r.BreakGlass ? "🚨 *Break-glass force-promote*" : "⚠️ *Force-promote request*";
        var blocks = new List<Block>
        {
            new SectionBlock(
                $"{title} `{r.Id}` by {SlackFormat.User(r.RequestedBy)}\n" +
                $"*{r.Service}* {r.From} → {r.To} · `{r.ShortCommit}` v{r.Version}\n" +
                $"> {SlackFormat.Escape(r.Reason)}"),
            new SectionBlock("*Bypasses:*\n" + (r.BypassedChecks.Count == 0
                ? "nothing: every check passed when requested"
                : string.Join('\n', r.BypassedChecks.Select(c => $"❌ {SlackFormat.Escape(c)}")))),
        };

        if (r.BreakGlass)
        {
            blocks.Add(new SectionBlock($"🔥 Open incident, so no approval was needed ({SlackFormat.Escape(string.Join("; ", r.Incidents))}). Marked for review."));
        }

        if (r.Status == ForceRequestStatus.Pending && r.Note is { } note)
        {
            blocks.Add(new SectionBlock($"✋ {SlackFormat.Mentions(SlackFormat.Escape(note))}."));
        }

        if (r.Approvals.Count > 0)
        {
            blocks.Add(new ContextBlock("Approved by " + string.Join(", ", r.Approvals.Select(a => $"{SlackFormat.User(a.By)} at {SlackFormat.Time(a.At)}"))));
        }

        blocks.Add(Status(r));
        if (r.Status == ForceRequestStatus.Pending)
        {
            blocks.Add(new ActionsBlock(
            [
                new ButtonElement("Approve", ApproveAction, r.Id, ButtonStyle.Primary),
                // Opens a modal asking why (issue 16), which also stands in for the old "are you sure?" dialog.
                new ButtonElement("Reject…", RejectAction, r.Id, ButtonStyle.Danger),
            ], blockId: $"force:{r.Id}"));
        }

        return new SlackMessage($"{(r.BreakGlass ? "Break-glass force-promote" : "Force-promote request")} {r.Id}: {r.Service} {r.PairLabel} {r.ShortCommit} by {r.RequestedBy} ({r.Status.ToString().ToLowerInvariant()})", blocks);
    }

    private static ContextBlock Status(ForceRequest r) => new(r.Status switch
    {
        ForceRequestStatus.Pending => $"⏳ Waiting for {r.RequiredApprovals - r.Approvals.Count} more approval(s) from an Approver other than the requester · expires {SlackFormat.Time(r.ExpiresAt)}",
        ForceRequestStatus.Promoting when r.BreakGlass => $"⏳ No approval needed: break-glass during incident {SlackFormat.Escape(Incident(r))}; promoting now…",
        ForceRequestStatus.Promoting => "⏳ Approved: promoting now…",
        ForceRequestStatus.Promoted => $"🎉 Promoted: {SlackFormat.Mentions(SlackFormat.Escape(r.Note ?? "done"))}",
        ForceRequestStatus.Failed => $"💥 Promotion failed: {SlackFormat.Mentions(SlackFormat.Escape(r.Note ?? "unknown error"))}",
        ForceRequestStatus.Rejected => $"🚫 {SlackFormat.Escape(r.Note ?? "rejected")} by {SlackFormat.User(r.DecidedBy ?? "?")}",
        ForceRequestStatus.Expired => $"⌛ Expired: {SlackFormat.Escape(r.Note ?? "no decision in time")}",
        _ => r.Status.ToString(),
    });

    /// <summary>The first incident's id, e.g. <c>Q1</c> from <c>Q1 5xx spike (triggered)</c>.</summary>
    public static string Incident(ForceRequest r) => r.Incidents.Count == 0 ? "?" : r.Incidents[0].Split(' ', 2)[0];
}
