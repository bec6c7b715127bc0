namespace Deployer.Core.Commands;

/// <summary>Whether an action is allowed, and if not, why (said to the caller and written to the audit log).</summary>
public readonly record struct Permission(bool Allowed, string? Refusal)
{
    public static Permission Granted => new(true, null);

    public static Permission Denied(string why) => new(false, why);
}
