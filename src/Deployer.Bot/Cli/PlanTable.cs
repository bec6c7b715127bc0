using System.Text;
using Deployer.Core.Decisions;

namespace Deployer.Bot.Cli;

/// <summary>The readable form of a plan: one row per pair, its checks indented below.</summary>
public static class PlanTable
{
    public static string Render(IReadOnlyList<PairDecision> decisions)
    {
        ArgumentNullException.ThrowIfNull(decisions);
        if (decisions.Count == 0)
        {
            return "no stage pairs to decide" + Environment.NewLine;
        }

        var rows = decisions.Select(d => (d.Service, d.PairLabel, Commit: d.Upstream?.ShortCommit ?? "-", Decision: DecisionText.Label(d.Kind))).ToList();
        var w1 = Math.Max("SERVICE".Length, rows.Max(r => r.Service.Length));
        var w2 = Math.Max("PAIR".Length, rows.Max(r => r.PairLabel.Length));
        var w3 = Math.Max("COMMIT".Length, rows.Max(r => r.Commit.Length));
        var text = new StringBuilder();
        text.AppendLine($"{"SERVICE".PadRight(w1)}  {"PAIR".PadRight(w2)}  {"COMMIT".PadRight(w3)}  DECISION");
        for (var i = 0; i < decisions.Count; i++)
        {
            var r = rows[i];
            text.AppendLine($"{r.Service.PadRight(w1)}  {r.PairLabel.PadRight(w2)}  {r.Commit.PadRight(w3)}  {r.Decision}");
            foreach (var check in decisions[i].Checks)
            {
                text.AppendLine($"    {check.OutcomeLabel,-11} {check.Check}: {check.Reason}");
            }
        }

        return text.ToString();
    }
}
