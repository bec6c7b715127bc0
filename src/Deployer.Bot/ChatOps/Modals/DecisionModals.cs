using Deployer.Bot.ChatOps.Rendering;
using Deployer.Core.Commands;
using Deployer.Core.Decisions;
using Deployer.Core.Manifests;
using Deployer.Slack.BlockKit;

namespace Deployer.Bot.ChatOps.Modals;

/// <summary>
/// The modals of issue 16's buttons, one <c>callback_id</c> per kind, and the ids of their fields (each input block's
/// block_id and its element's action_id are the same word).
/// </summary>
internal static class DecisionModals
{
    public const string HoldCallback = "decision-hold-modal";
    public const string ForceCallback = "decision-force-modal";
    public const string RollbackCallback = "decision-rollback-modal";
    public const string RejectCallback = "force-reject-modal";

    public const string Stage = "stage";
    public const string Duration = "duration";
    public const string Reason = "reason";

    /// <summary>The duration choices of Hold…, in order; <see cref="UntilResumed"/> has no end.</summary>
    public const string UntilResumed = "until-resumed";

    private static readonly (string Value, string Label, TimeSpan? Length)[] Durations =
    [
        ("30m", "30 minutes", TimeSpan.FromMinutes(30)),
        ("1h", "1 hour", TimeSpan.FromHours(1)),
        ("2h", "2 hours", TimeSpan.FromHours(2)),
        ("4h", "4 hours", TimeSpan.FromHours(4)),
        (UntilResumed, "Until resumed", null),
    ];

    public static bool Handles(string callbackId) => callbackId is HoldCallback or ForceCallback or RollbackCallback or RejectCallback;

    /// <summary>A chosen duration: false when the value is not one of the choices; <paramref name="length"/> null means until resumed.</summary>
    public static bool TryDuration(string? value, out TimeSpan? length)
    {
        var match = Durations.FirstOrDefault(d => d.Value == value);
        length = match.Length;
        return match.Value is not null;
    }

    public static SlackView Hold(ServiceManifest manifest, PairDecision current, ModalContext context)
    {
        var stages = manifest.Stages.Skip(1).Select(s => new SelectOption(s.Name, s.Name))
            .Append(new SelectOption("Whole pipeline", CommandParser.WholePipeline)).ToList();
        var initial = stages.FirstOrDefault(o => string.Equals(o.Value, current.To, StringComparison.OrdinalIgnoreCase));
        var durations = Durations.Select(d => new SelectOption(d.Label, d.Value)).ToList();
        return new SlackView($"Hold {manifest.Service}", [
            new SectionBlock($"Stop promotions into a stage of *{SlackFormat.Escape(manifest.Service)}* ({Pair(current)}). Same as `hold`; recorded in the audit log."),
            new InputBlock(Stage, "Stage", new StaticSelectElement(Stage, stages, "Choose a stage", initial)),
            new InputBlock(Duration, "For", new StaticSelectElement(Duration, durations, "How long", durations[1])),
            ReasonInput("Reason", "e.g. investigating 5xx in production"),
        ], HoldCallback, context.Write(), submit: "Hold", close: "Cancel");
    }

    public static SlackView Force(ServiceManifest manifest, PairDecision current, ModalContext context, AuthorizationOptions authorization)
    {
        var bypassed = current.BlockingChecks.Select(c => $"❌ *{c.Check}*: {SlackFormat.Escape(c.Reason)}").ToList();
        var approvals = $"Needs {authorization.RequiredApprovals} approval(s) from an Approver other than you before it runs; expires after {SlackFormat.Age(authorization.ApprovalTimeout)} without them."
            + (authorization.BreakGlassDuringIncident ? " During an open incident it runs at once (break-glass), marked for review." : "");
        return new SlackView("Force promote", [
            new SectionBlock($"Promote {Pair(current)} now, bypassing the checks that block it. Same as `force`."),
            new SectionBlock("*Bypasses:*\n" + (bypassed.Count == 0 ? "nothing fails right now" : string.Join('\n', bypassed))),
            new SectionBlock($"*Approvals:* {approvals}"),
            ReasonInput("Reason", "e.g. hotfix for the checkout outage"),
        ], ForceCallback, context.Write(), submit: "Request", close: "Cancel");
    }

    public static SlackView Rollback(ServiceManifest manifest, PairDecision current, ModalContext context) =>
        new($"Roll back {current.To}", [
            new SectionBlock($"Return *{SlackFormat.Escape(manifest.Service)} {SlackFormat.Escape(current.To)}* to the release it ran before its last completed promotion, and hold it so nothing promotes straight back. Same as `rollback`."
                + (current.Detail is { } d ? $"\nThe promotion of `{current.Upstream?.ShortCommit}` failed: {SlackFormat.Mentions(SlackFormat.Escape(d))}" : "")),
            ReasonInput("Reason", "e.g. half the dynos failed to boot"),
        ], RollbackCallback, context.Write(), submit: "Roll back", close: "Cancel");

    public static SlackView Reject(ForceRequest request, ModalContext context) =>
        new("Reject force-promote", [
            new SectionBlock($"Reject `{request.Id}` by {SlackFormat.User(request.RequestedBy)}: *{SlackFormat.Escape(request.Service)}* {SlackFormat.Escape(request.PairLabel)} `{request.ShortCommit}`.\n> {SlackFormat.Escape(request.Reason)}"),
            ReasonInput("Why?", "e.g. wait for the migration to finish"),
        ], RejectCallback, context.Write(), submit: "Reject", close: "Keep it");

    private static InputBlock ReasonInput(string label, string placeholder) =>
        new(Reason, label, new PlainTextInputElement(Reason, multiline: true, placeholder: placeholder, maxLength: 1000), hint: "Recorded in the audit log and shown in the channel.");

    private static string Pair(PairDecision d) =>
        $"*{SlackFormat.Escape(d.Service)}* {SlackFormat.Escape(d.From)} → {SlackFormat.Escape(d.To)}{(d.Upstream is { } up ? $" `{up.ShortCommit}` v{up.Version}" : "")}";
}
