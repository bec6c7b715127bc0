using Deployer.Core.Decisions;
using Deployer.Slack.BlockKit;

namespace Deployer.Bot.ChatOps.Rendering;

/// <summary>
/// The private answer of a decision message's <b>Details</b> button: every check (passing ones too) with its reason and
/// when it is expected to clear, the hold if any, the targets, and when the pair is ready by itself, if ever.
/// </summary>
internal static class DecisionDetails
{
    public static SlackMessage Render(PairDecision d, DateTimeOffset now)
    {
        var commit = d.Upstream is { } up ? $" · `{up.ShortCommit}` v{up.Version}" : "";
        var head = $"{SlackFormat.Icon(d.Kind)} *{d.Service}* {d.From} → {d.To}{commit} · *{SlackFormat.Label(d.Kind)}* (decided {SlackFormat.Time(d.At)})";
        var lines = new List<string> { head };
        if (d.Checks.Count == 0)
        {
            lines.Add("No checks ran for this decision.");
        }

        foreach (var check in d.Checks)
        {
            var line = SlackFormat.Check(check, now);
            if (check.Blocks && check.ClearsAt is { } clears && clears > now)
            {
                line += $" · ready at {SlackFormat.Time(clears)}";
            }
            else if (check.Blocks)
            {
                line += " · does not clear by itself";
            }

            lines.Add(line);
        }

        if (d.Hold is { } hold)
        {
            var until = hold.Until is { } u ? $" until {SlackFormat.Time(u)}" : " until someone resumes it";
            lines.Add($"✋ held by {SlackFormat.User(hold.By)}{until}: {SlackFormat.Escape(hold.Reason)}");
        }

        if (d.Detail is { } detail)
        {
            lines.Add($"{SlackFormat.Label(d.Kind)}: {SlackFormat.Mentions(SlackFormat.Escape(detail))}");
        }

        if (d.TargetsToPromote.Count > 0)
        {
            lines.Add($"Targets to promote: {SlackFormat.Escape(string.Join(", ", d.TargetsToPromote))}{(d.SourceTarget is { } s ? $" (from {SlackFormat.Escape(s)})" : "")}");
        }

        lines.Add(Ready(d, now));
        return Replies.Lines($"Details of {d.Service} {d.PairLabel}: {SlackFormat.Label(d.Kind)}", lines);
    }

    /// <summary>When every blocking check clears by itself, the pair is ready at the last of those times.</summary>
    private static string Ready(PairDecision d, DateTimeOffset now)
    {
        var blocking = d.BlockingChecks.ToList();
        if (d.Kind is not (DecisionKind.Blocked or DecisionKind.Held) || blocking.Count == 0)
        {
            return d.Kind switch
            {
                DecisionKind.Failed => "Not retried automatically: *Retry* promotes it again if every check passes; *Roll back…* returns the stage.",
                _ => $"Nothing blocks this pair ({SlackFormat.Label(d.Kind)}).",
            };
        }

        var stuck = blocking.Where(c => c.ClearsAt is not { } t || t <= now).Select(c => c.Check).ToList();
        return stuck.Count > 0
            ? $"⏳ Ready: not by itself; {string.Join(", ", stuck)} must change first."
            : $"⏳ Ready at {SlackFormat.Time(blocking.Max(c => c.ClearsAt!.Value))} if nothing else changes.";
    }
}
