namespace Deployer.Core.Commands;

/// <summary>What a caller may do: global roles and the services they own.</summary>
public sealed record CallerRoles(Caller Caller, ChatRoles Roles, IReadOnlyList<string> OwnedServices)
{
    public bool Has(ChatRoles role) => Caller.IsLocal || (Roles & role) == role;

    public bool Owns(string service) => Caller.IsLocal || OwnedServices.Contains(service, StringComparer.OrdinalIgnoreCase);
}
