using System.Collections.Concurrent;
using Deployer.Bot.ChatOps;
using Deployer.Core.Commands;
using Deployer.Slack.WebApi;
using Microsoft.Extensions.Options;

namespace Deployer.Bot.Slack;

/// <summary>Resolves <c>@S0123ABCD</c> user groups through usergroups.users.list, caching members for ChatOps:GroupCacheDuration.</summary>
internal sealed class SlackUserGroupResolver(ISlackApiClient slack, IOptions<ChatOpsOptions> options, TimeProvider time) : IUserGroupResolver
{
    private readonly ConcurrentDictionary<string, (DateTimeOffset At, IReadOnlyCollection<string> Members)> _cache = new(StringComparer.OrdinalIgnoreCase);

    public async ValueTask<IReadOnlyCollection<string>> GetMembersAsync(string group, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (_cache.TryGetValue(group, out var cached) && now - cached.At < options.Value.GroupCacheDuration)
        {
            return cached.Members;
        }

        var members = new HashSet<string>(await slack.GetUserGroupMembersAsync(group, cancellationToken), StringComparer.OrdinalIgnoreCase);
        _cache[group] = (now, members);
        return members;
    }
}
