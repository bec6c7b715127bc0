using Deployer.Bot.ChatOps.Rendering;
using Deployer.Core.Decisions;
using Deployer.Slack.BlockKit;

namespace Deployer.Bot.Notifications.Slack;

/// <summary>The channel message of one pending diff: pair, commit, each check, and how it ended.</summary>
internal static class DecisionBlocks
{
    /// <param name="changes">What the diff ships (commits, compare link, check runs); null: the headline's short sha only.</param>
    public static SlackMessage Render(PairDecision decision, DateTimeOffset now, string? supersededBy = null, ChangeList? changes = null)
    {
        var blocks = new List<Block> { new SectionBlock(Headline(decision, supersededBy)) };
        if (decision.Checks.Count > 0 && decision.Kind is not DecisionKind.Promoted)
        {
            blocks.Add(new SectionBlock(string.Join('\n', decision.Checks.Select(c => SlackFormat.Check(c, now)))));
        }

        if (decision.Hold is { } hold && decision.Kind == DecisionKind.Held)
        {
            var until = hold.Until is { } u ? $" until {SlackFormat.Time(u)}" : "";
            blocks.Add(new SectionBlock($"✋ held by {SlackFormat.User(hold.By)}{until}: {SlackFormat.Escape(hold.Reason)}"));
        }

        if (decision.Detail is { } detail && decision.Kind is DecisionKind.Promoted or DecisionKind.Failed or DecisionKind.Promoting)
        {
            blocks.Add(new SectionBlock($"{SlackFormat.Icon(decision.Kind)} {SlackFormat.Label(decision.Kind)}: {SlackFormat.Mentions(SlackFormat.Escape(detail))}"));
        }

        if (changes is not null && decision.Kind is not DecisionKind.InSync)
        {
            blocks.Add(ChangeListSection.Render(changes));
        }

        var context = new List<string>();
        if (decision.TargetsToPromote.Count > 0)
        {
            context.Add($"to {string.Join(", ", decision.TargetsToPromote)}");
        }

        if (decision.SourceTarget is { } source)
        {
            context.Add($"from {source}");
        }

        context.Add($"updated {SlackFormat.Time(decision.At)}");
        blocks.Add(new ContextBlock(string.Join(" · ", context)));
        if (DecisionButtons.For(decision, supersededBy is not null) is { } actions)
        {
            blocks.Add(actions);
        }

        var text = supersededBy is null ? DecisionText.OneLine(decision) : $"{DecisionText.OneLine(decision)} (superseded by {supersededBy})";
        return new SlackMessage(text, blocks);
    }

    /// <summary>The thread reply with the platform's result.</summary>
    public static SlackMessage Result(PairDecision decision)
    {
        var targets = decision.TargetsToPromote.Count > 0 ? string.Join(", ", decision.TargetsToPromote) : decision.To;
        var text = decision.Kind == DecisionKind.Promoted
            ? $"🎉 {decision.Upstream?.ShortCommit} is live on {targets} ({decision.Detail})."
            : $"💥 Promotion of {decision.Upstream?.ShortCommit} to {targets} failed: {decision.Detail}";
        return new SlackMessage(SlackFormat.Mentions(text), [new SectionBlock(SlackFormat.Mentions(SlackFormat.Escape(text)))]);
    }

    private static string Headline(PairDecision d, string? supersededBy)
    {
        var commit = d.Upstream is { } up ? $" · `{up.ShortCommit}` v{up.Version}" : "";
        var state = supersededBy is null ? $"*{SlackFormat.Label(d.Kind)}*" : $"~{SlackFormat.Label(d.Kind)}~ superseded by `{supersededBy}`";
        var icon = supersededBy is null ? SlackFormat.Icon(d.Kind) : "⏭️";
        return $"{icon} *{d.Service}* {d.From} → {d.To}{commit} · {state}";
    }
}
