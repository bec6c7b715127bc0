using Deployer.Core.Commands;

namespace Deployer.Bot.ChatOps;

/// <summary>Console mode has no Slack to ask: groups have no members (the local user holds every role anyway).</summary>
internal sealed class NoUserGroups : IUserGroupResolver
{
    public ValueTask<IReadOnlyCollection<string>> GetMembersAsync(string group, CancellationToken cancellationToken) =>
        ValueTask.FromResult<IReadOnlyCollection<string>>([]);
}
