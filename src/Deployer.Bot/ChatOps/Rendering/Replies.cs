using System.Text;
using Deployer.Core.Audit;
using Deployer.Core.Commands;
using Deployer.Core.Engine;
using Deployer.Slack.BlockKit;

namespace Deployer.Bot.ChatOps.Rendering;

/// <summary>Command replies as Block Kit: help, mistakes, refusals, whoami, history, plan, holds.</summary>
internal static class Replies
{
    /// <summary>Lines packed into as few sections as Slack's 3000-character limit allows.</summary>
    public static SlackMessage Lines(string fallback, IEnumerable<string> lines, string? header = null)
    {
        var blocks = new List<Block>();
        if (header is not null)
        {
            blocks.Add(new SectionBlock(header));
        }

        var chunk = new StringBuilder();
        foreach (var line in lines)
        {
            if (chunk.Length > 0 && chunk.Length + line.Length + 1 > SectionBlock.MaxTextLength - 100)
            {
                blocks.Add(new SectionBlock(chunk.ToString()));
                chunk.Clear();
            }

            chunk.Append(chunk.Length > 0 ? "\n" : "").Append(line);
        }

        if (chunk.Length > 0)
        {
            blocks.Add(new SectionBlock(chunk.ToString()));
        }

        return new SlackMessage(fallback, blocks);
    }

    public static SlackMessage Text(string mrkdwn) => new(mrkdwn, [new SectionBlock(mrkdwn)]);

    public static SlackMessage Help(string command, CommandVerb? topic) => topic is { } verb
        ? Text(CommandUsage.For(verb, command))
        : Lines("Deployer commands", CommandUsage.All(command).Split('\n'), $"*{(command.Length == 0 ? "Deployer" : command)}* promotes releases stage by stage when every check passes. Commands:");

    /// <summary>A parse mistake; the error echoes what the user typed, so it is escaped like channel messages are.</summary>
    public static SlackMessage Mistake(string error, string usage) =>
        new($"{SlackFormat.Escape(error)}\n{usage}", [new SectionBlock($"⚠️ {SlackFormat.Escape(error)}"), new ContextBlock(Truncate(usage, 2900))]);

    public static SlackMessage Refusal(string why) => Text($"🚫 Not allowed: {why}. (This refusal is recorded in the audit log.)");

    public static SlackMessage Failure(string error) => Text($"⚠️ {SlackFormat.Escape(error)}");

    public static SlackMessage Whoami(CallerRoles roles)
    {
        var list = Enum.GetValues<ChatRoles>().Where(r => r is not ChatRoles.None and not ChatRoles.All && roles.Has(r)).Select(r => r.ToString()).ToList();
        var who = roles.Caller.IsLocal ? $"the console user `{roles.Caller.UserId}` (every console user has every role; `as <name> <command>` acts as another)" : SlackFormat.User(roles.Caller.UserId);
        var owned = roles.OwnedServices.Count == 0 ? "none" : string.Join(", ", roles.OwnedServices);
        return Text($"You are {who}.\n*Roles:* {(list.Count == 0 ? "none (you may use help, status, plan, history, whoami)" : string.Join(", ", list))}\n*Owner of:* {owned}");
    }

    public static SlackMessage History(string service, IReadOnlyList<AuditEntry> entries) => entries.Count == 0
        ? Text($"No history for {service} yet.")
        : Lines($"History of {service}", entries.Select(e =>
            $"{SlackFormat.Time(e.At)} · {Kind(e.Kind)} · {SlackFormat.User(e.Actor)} · {SlackFormat.Mentions(SlackFormat.Escape(e.Summary))}"),
            $"*History of {service}* (newest first, {entries.Count}):");

    public static SlackMessage Plan(string? service, CycleReport report)
    {
        var lines = report.Decisions.Select(d =>
            $"{SlackFormat.Icon(d.Kind)} *{d.Service}* {d.From} → {d.To}{(d.Upstream is { } u ? $" `{u.ShortCommit}`" : "")}: " +
            d.Kind switch
            {
                Core.Decisions.DecisionKind.Promote => $"would promote to {string.Join(", ", d.TargetsToPromote)}",
                Core.Decisions.DecisionKind.Blocked => "blocked by " + string.Join("; ", d.BlockingChecks.Select(c => $"{c.Check}: {SlackFormat.Escape(c.Reason)}")),
                Core.Decisions.DecisionKind.Held => "held: " + SlackFormat.Escape(d.Hold?.Reason ?? "held"),
                _ => SlackFormat.Label(d.Kind),
            }).Concat(report.Errors.Select(e => $"💥 {SlackFormat.Escape(e)}")).ToList();
        var header = $"*Plan{(service is null ? "" : $" for {service}")}*: what the next cycle would do now (nothing was promoted):";
        return lines.Count == 0 ? Text($"Nothing to plan{(service is null ? "" : $" for {service}")}.") : Lines(header, lines, header);
    }

    public static SlackMessage HoldPlaced(HoldChange change, string by)
    {
        var hold = change.Added!;
        var until = hold.Until is { } u ? $" until {SlackFormat.Time(u)}" : " until someone resumes it";
        var replaced = change.Removed.Count > 0 ? $" (replaces the hold by {SlackFormat.User(change.Removed[0].By)})" : "";
        return Text($"✋ {SlackFormat.User(by)} held *{change.Scope}*{until}{replaced}: {SlackFormat.Escape(hold.Reason)}");
    }

    public static SlackMessage HoldLifted(HoldChange change, string by) =>
        Text($"▶️ {SlackFormat.User(by)} resumed *{change.Scope}* (was held by {SlackFormat.User(change.Removed[0].By)}: {SlackFormat.Escape(change.Removed[0].Reason)}). Promotions continue at the next cycle.");

    public static SlackMessage HoldExpired(Core.Holds.Hold hold) =>
        Text($"⌛ The hold on *{(hold.Stage is null ? $"{hold.Service} (whole pipeline)" : $"{hold.Service} {hold.Stage}")}* by {SlackFormat.User(hold.By)} expired and was lifted ({SlackFormat.Escape(hold.Reason)}). Promotions continue at the next cycle.");

    public static SlackMessage Decided(ForceDecision decision) => decision.Outcome switch
    {
        ApprovalOutcome.AlreadyApproved => Text($"You already approved `{decision.Request.Id}`; it still needs {decision.Request.RequiredApprovals - decision.Request.Approvals.Count} more."),
        ApprovalOutcome.Recorded => Text($"👍 Approval of `{decision.Request.Id}` recorded ({decision.Request.Approvals.Count}/{decision.Request.RequiredApprovals})."),
        ApprovalOutcome.Rejected => Text($"🚫 `{decision.Request.Id}` {decision.Request.Note}."),
        _ => Text(ForceOutcome(decision.Request)),
    };

    public static string ForceOutcome(ForceRequest r) => r.Status switch
    {
        ForceRequestStatus.Pending => $"⚠️ Force-promote `{r.Id}` of {r.Service} {r.PairLabel} `{r.ShortCommit}` requested; it needs {r.RequiredApprovals} approval(s) from an Approver other than you{(r.Note is { } n ? $" ({SlackFormat.Mentions(n)})" : "")}. Posted in the service channel.",
        ForceRequestStatus.Promoted when r.BreakGlass => $"🎉 `{r.Id}`: no approval needed: break-glass during incident {ForceRequestBlocks.Incident(r)}; {r.Service} {r.PairLabel} `{r.ShortCommit}` promoted ({SlackFormat.Mentions(r.Note ?? "")}).",
        ForceRequestStatus.Promoted => $"🎉 `{r.Id}`: {r.Service} {r.PairLabel} `{r.ShortCommit}` promoted ({SlackFormat.Mentions(r.Note ?? "")}).",
        ForceRequestStatus.Failed => $"💥 `{r.Id}`: promotion of {r.Service} {r.PairLabel} `{r.ShortCommit}` failed: {SlackFormat.Mentions(r.Note ?? "")}",
        _ => $"`{r.Id}` is {r.Status.ToString().ToLowerInvariant()}.",
    };

    private static string Kind(AuditKind kind) => kind switch
    {
        AuditKind.Decision => "decision",
        AuditKind.PromotionStarted or AuditKind.PromotionSucceeded or AuditKind.PromotionFailed or AuditKind.PromotionReconciled => "promotion",
        AuditKind.Hold or AuditKind.Resume or AuditKind.HoldExpired => "hold",
        AuditKind.ForceRequested or AuditKind.ForceApproved or AuditKind.ForceRejected or AuditKind.ForceExpired or AuditKind.BreakGlass => "override",
        AuditKind.RollbackRequested or AuditKind.RolledBack or AuditKind.RollbackFailed => "rollback",
        AuditKind.VerificationKept => "verification",
        AuditKind.VerificationFailed or AuditKind.Verified or AuditKind.VerificationSuperseded => "verification",
        _ => kind.ToString().ToLowerInvariant(),
    };

    private static string Truncate(string text, int max) => text.Length <= max ? text : text[..(max - 1)] + "…";
}
