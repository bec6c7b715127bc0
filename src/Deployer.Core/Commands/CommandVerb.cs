namespace Deployer.Core.Commands;

/// <summary>What a chat command asks for.</summary>
public enum CommandVerb
{
    Help,
    Status,
    Plan,
    Hold,
    Resume,
    Force,
    Approve,
    Reject,
    History,
    Whoami,
    Rollback,
}
