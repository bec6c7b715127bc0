namespace Deployer.Bot.Cli;

/// <summary>One check of a <see cref="PlanEntry"/>.</summary>
public sealed record PlanCheck(string Check, string Outcome, string Reason);
