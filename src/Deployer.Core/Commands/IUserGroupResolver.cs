namespace Deployer.Core.Commands;

/// <summary>Expands a user group (as written in configuration, without the <c>@</c>) into user ids; implementations cache.</summary>
public interface IUserGroupResolver
{
    /// <summary>The members of <paramref name="group"/>; throws when the group cannot be read.</summary>
    ValueTask<IReadOnlyCollection<string>> GetMembersAsync(string group, CancellationToken cancellationToken);
}
