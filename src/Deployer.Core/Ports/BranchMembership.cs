namespace Deployer.Core.Ports;

/// <summary>Whether a commit is on a branch.</summary>
public enum BranchMembership
{
    OnBranch,
    NotOnBranch,
    Unknown,
}
