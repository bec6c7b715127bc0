namespace Deployer.Core.Promotions;

/// <summary>What a ledger intent does to its pair's downstream targets.</summary>
public enum IntentKind
{
    /// <summary>Puts the upstream release on the downstream targets.</summary>
    Promote,

    /// <summary>Returns the downstream targets to what they ran before the last promotion into the stage.</summary>
    Rollback,
}
