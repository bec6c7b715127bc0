namespace Deployer.Core.Commands;

/// <summary>Roles that do not depend on the service.</summary>
[Flags]
public enum ChatRoles
{
    None = 0,
    Operator = 1,
    ForcePromoter = 2,
    Approver = 4,
    All = Operator | ForcePromoter | Approver,
}
