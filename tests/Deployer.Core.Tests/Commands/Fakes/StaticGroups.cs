using Deployer.Core.Commands;

namespace Deployer.Core.Tests.Commands.Fakes;

internal sealed class StaticGroups(Dictionary<string, string[]> groups) : IUserGroupResolver
{
    public int Calls { get; private set; }

    public ValueTask<IReadOnlyCollection<string>> GetMembersAsync(string group, CancellationToken cancellationToken)
    {
        Calls++;
        return groups.TryGetValue(group, out var members)
            ? ValueTask.FromResult<IReadOnlyCollection<string>>(members)
            : throw new InvalidOperationException($"no_such_subteam {group}");
    }
}
