using Deployer.Core.Decisions;

namespace Deployer.Bot.Cli;

/// <summary>One pair in <c>plan --json</c>.</summary>
public sealed record PlanEntry(string Service, string From, string To, string Decision, string? Commit, IReadOnlyList<PlanCheck> Checks)
{
    public static PlanEntry Of(PairDecision decision)
    {
        ArgumentNullException.ThrowIfNull(decision);
        return new PlanEntry(
            decision.Service, decision.From, decision.To, decision.Kind.ToString(), decision.Commit,
            decision.Checks.Select(c => new PlanCheck(c.Check, c.OutcomeLabel, c.Reason)).ToList());
    }
}
