using System.Text;
using Deployer.Bot.ChatOps;
using Deployer.Bot.ChatOps.Rendering;
using Deployer.Core.Checks;
using Deployer.Core.Decisions;
using Deployer.Core.Engine;
using Deployer.Core.Holds;
using Deployer.Core.Manifests;
using Deployer.Core.Releases;
using Deployer.Core.Verification;
using Deployer.Slack.BlockKit;

namespace Deployer.Bot.ChatOps.Commands;

/// <summary>
/// Answers <c>status</c> from memory only (the engine's latest decisions and the cached holds), so it fits in the
/// acknowledgement and stays cheap under load.
/// </summary>
internal sealed class StatusView(PromotionEngine engine, IManifestCatalog catalog, HoldCache holds, TimeProvider time)
{
    /// <summary>A decision older than this was not re-read lately: status shows its age.</summary>
    private static readonly TimeSpan StaleAfter = TimeSpan.FromMinutes(2);

    public SlackMessage Overview()
    {
        var now = time.GetUtcNow();
        var lines = new List<string>(catalog.All.Count);
        foreach (var manifest in catalog.All)
        {
            var (icon, state) = Summarize(manifest, now);
            lines.Add($"{icon} *{manifest.Service}* {state} · {string.Join(" → ", manifest.Stages.Select(s => s.Name))}");
        }

        return lines.Count == 0
            ? Replies.Text("No pipelines: no manifests are loaded.")
            : Replies.Lines("Pipelines", lines, $"*Pipelines* ({lines.Count}):");
    }

    public SlackMessage Service(ServiceManifest manifest)
    {
        var now = time.GetUtcNow();
        var (icon, state) = Summarize(manifest, now);
        // A target appears in two pairs (downstream of one, upstream of the next): the newer decision's view wins, so a
        // promotion's result is not hidden by the next pair's snapshot from before it.
        var targets = new Dictionary<string, (TargetState State, DateTimeOffset At)>(StringComparer.OrdinalIgnoreCase);
        var pairs = new StringBuilder();
        var verifications = engine.LatestVerifications(manifest.Service);
        foreach (var (from, to) in manifest.Pairs())
        {
            if (engine.Latest(PairDecision.KeyFor(manifest.Service, from.Name, to.Name)) is not { } d)
            {
                pairs.Append($"• {from.Name} → {to.Name}: not evaluated yet\n");
                AppendVerification(pairs, verifications, to.Name, now);
                continue;
            }

            foreach (var t in d.UpstreamTargets.Concat(d.DownstreamTargets))
            {
                if (!targets.TryGetValue(t.Target, out var seen) || seen.At <= d.At)
                {
                    targets[t.Target] = (t, d.At);
                }
            }

            pairs.Append($"{SlackFormat.Icon(d.Kind)} *{from.Name} → {to.Name}*{(d.Upstream is { } u ? $" `{u.ShortCommit}`" : "")}: {SlackFormat.Label(d.Kind)}");
            if (now - d.At >= StaleAfter)
            {
                // Not read since (the sweep spends the platform's API budget fairly): say how old the picture is.
                pairs.Append($" _(as of {Reasons.Duration(now - d.At)} ago)_");
            }

            if (d.Detail is { } detail)
            {
                pairs.Append($" ({SlackFormat.Mentions(SlackFormat.Escape(detail))})");
            }

            pairs.Append('\n');
            foreach (var check in d.Checks)
            {
                pairs.Append("    ").Append(SlackFormat.Check(check, now)).Append('\n');
            }

            AppendVerification(pairs, verifications, to.Name, now);
        }

        var stages = new StringBuilder();
        foreach (var stage in manifest.Stages)
        {
            stages.Append($"*{stage.Name}*: ");
            stages.AppendJoin(", ", stage.Targets.Select(t => Target(t, targets.TryGetValue(t, out var seen) ? seen.State : null, now)));
            stages.Append('\n');
        }

        var blocks = new List<Block>
        {
            new SectionBlock($"{icon} *{manifest.Service}* {state}"),
            new SectionBlock(stages.ToString().TrimEnd()),
            new SectionBlock(pairs.Length == 0 ? "No stage pairs." : pairs.ToString().TrimEnd()),
        };
        var active = holds.Active(manifest.Service, now);
        if (active.Count > 0)
        {
            blocks.Add(new SectionBlock(string.Join('\n', active.Select(h => Hold(h)))));
        }

        return new SlackMessage($"{manifest.Service}: {state}", blocks);
    }

    private (string Icon, string State) Summarize(ServiceManifest manifest, DateTimeOffset now)
    {
        int seen = 0, held = 0, pending = 0;
        PairDecision? blocked = null;
        foreach (var (from, to) in manifest.Pairs())
        {
            if (engine.Latest(PairDecision.KeyFor(manifest.Service, from.Name, to.Name)) is not { } d)
            {
                continue;
            }

            seen++;
            switch (d.Kind)
            {
                case DecisionKind.Held: held++; break;
                case DecisionKind.Blocked or DecisionKind.Failed: blocked ??= d; break;
                case DecisionKind.Promote or DecisionKind.Promoting: pending++; break;
            }
        }

        if (holds.Active(manifest.Service, now).Count > 0 || held > 0)
        {
            return ("✋", "held");
        }

        return seen == 0 ? ("•", "not evaluated yet")
            : blocked is not null ? ("⛔", $"blocked ({Why(blocked)})")
            : pending > 0 ? ("⏳", "pending")
            : ("✅", "in sync");
    }

    /// <summary>The first blocking check into the stage, short: <c>production: release-age: release is 12m old, needs 30m…</c>.</summary>
    private static string Why(PairDecision d)
    {
        var why = d.Kind == DecisionKind.Failed
            ? $"promotion failed: {d.Detail}"
            : d.BlockingChecks.FirstOrDefault() is { } c ? $"{c.Check}: {c.Reason}" : "blocked";
        const int Max = 80;
        why = why.Length <= Max ? why : why[..(Max - 1)] + "…";
        return $"{d.To}: {SlackFormat.Escape(why)}";
    }

    private static string Target(string name, TargetState? state, DateTimeOffset now) => state switch
    {
        { Release: { } r } => $"{name} v{r.Version} `{r.ShortCommit}` {SlackFormat.Age(now - r.CreatedAt)} old",
        { Error: { } e } => $"{name} (unreadable: {SlackFormat.Escape(e)})",
        _ => $"{name} (no release seen yet)",
    };

    private static string Hold(Hold h) =>
        $"✋ {(h.Stage ?? "whole pipeline")} held by {SlackFormat.User(h.By)}{(h.By == VerificationBy ? " (automatic)" : "")}{(h.Until is { } u ? $" until {SlackFormat.Time(u)}" : "")}: {SlackFormat.Escape(h.Reason)}";

    /// <summary>The author of automatic holds (a failed verification).</summary>
    private const string VerificationBy = "deployer";

    /// <summary>The watch after the last promotion into <paramref name="stage"/> and the commits rejected there (issue 15).</summary>
    private static void AppendVerification(StringBuilder pairs, IReadOnlyList<StageVerification> verifications, string stage, DateTimeOffset now)
    {
        if (verifications.FirstOrDefault(v => string.Equals(v.Stage, stage, StringComparison.OrdinalIgnoreCase)) is not { } v)
        {
            return;
        }

        if (v.Commit.Length > 0)
        {
            var icon = v.State switch
            {
                VerificationState.Verifying => "🔍",
                VerificationState.Verified => "✅",
                VerificationState.Failed => "🚨",
                _ => "⏭️",
            };
            pairs.Append("    ").Append(icon).Append(' ').Append(SlackFormat.Escape(VerificationText.OneLine(v, now))).Append('\n');
        }

        foreach (var rejected in v.Rejected)
        {
            pairs.Append("    ⛔ rejected: ").Append(SlackFormat.Escape(VerificationText.Rejected(rejected, v.Stage, now))).Append('\n');
        }
    }
}
