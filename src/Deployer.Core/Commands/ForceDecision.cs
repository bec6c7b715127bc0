namespace Deployer.Core.Commands;

/// <summary>A request after an approve or reject, and what that click did.</summary>
public sealed record ForceDecision(ForceRequest Request, ApprovalOutcome Outcome);
