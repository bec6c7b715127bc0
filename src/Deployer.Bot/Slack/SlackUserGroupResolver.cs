using System.Buffers;
using System.Collections.Concurrent;
using Deployer.Bot.ChatOps;
using Deployer.Bot.Notifications;
using Deployer.Core.Commands;
using Deployer.Slack.WebApi;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Deployer.Bot.Slack;

/// <summary>
/// Resolves user groups written as an id (<c>@S0123ABCD</c>) or a handle (<c>@release-managers</c>) through
/// usergroups.users.list, handles through usergroups.list (case-insensitive); both cached for ChatOps:GroupCacheDuration.
/// A handle Slack does not know has no members (fail closed); so does every group on a free workspace, where Slack answers
/// <c>plan_upgrade_required</c> (logged once per lookup with what to do instead).
/// </summary>
/// <remarks>Also the directory mentions of <c>@handle</c> use (<see cref="IGroupHandles"/>): from memory only.</remarks>
internal sealed class SlackUserGroupResolver(ISlackApiClient slack, IOptions<ChatOpsOptions> options, TimeProvider time, ILogger<SlackUserGroupResolver> logger) : IUserGroupResolver, IGroupHandles
{
    private static readonly SearchValues<char> IdCharacters = SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_");

    private readonly ConcurrentDictionary<string, (DateTimeOffset At, IReadOnlyCollection<string> Members)> _members = new(StringComparer.OrdinalIgnoreCase);
    private volatile HandleDirectory? _handles;

    public async ValueTask<IReadOnlyCollection<string>> GetMembersAsync(string group, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(group);
        try
        {
            return await ResolveAsync(group, cancellationToken);
        }
        catch (SlackApiException ex) when (ex.Error == PlanUpgradeRequired)
        {
            // Free workspaces have no user groups: say so plainly instead of a bare API error on every command.
            logger.LogError(
                "@{Group} in Authorization grants nothing: Slack answered {Method} with plan_upgrade_required, because user groups need a paid Slack plan. List user ids (U…) instead",
                group, ex.Method);
            return [];
        }
    }

    private const string PlanUpgradeRequired = "plan_upgrade_required";

    private DateTimeOffset? _directoryFailedAt;

    public string? GroupIdFor(string handle) => _handles?.IdsByHandle.GetValueOrDefault(handle);

    /// <summary>Loads the handle directory when it is missing or older than ChatOps:GroupCacheDuration; after a failure, waits that long before trying again.</summary>
    public async ValueTask RefreshAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var cache = options.Value.GroupCacheDuration;
        if ((_handles is { } d && now - d.At < cache) || (_directoryFailedAt is { } failed && now - failed < cache))
        {
            return;
        }

        try
        {
            await FindIdAsync("", cancellationToken);
            _directoryFailedAt = null;
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            _directoryFailedAt = now;
            logger.LogWarning("Cannot read Slack's user group handles ({Error}); mentions of @handles are plain text until it can", ex is SlackApiException s ? s.Error : ex.Message);
        }
    }

    private async ValueTask<IReadOnlyCollection<string>> ResolveAsync(string group, CancellationToken cancellationToken)
    {
        if (LooksLikeId(group))
        {
            try
            {
                return await GetMembersByIdAsync(group, cancellationToken);
            }
            catch (SlackApiException ex) when (ex.Error == "no_such_subteam")
            {
                // An all-capitals handle (@SRE) looks like an id; only if it is not a handle either is the id wrong.
                if (await FindIdAsync(group, cancellationToken) is not { } byHandle)
                {
                    throw;
                }

                return await GetMembersByIdAsync(byHandle, cancellationToken);
            }
        }

        if (await FindIdAsync(group, cancellationToken) is { } id)
        {
            return await GetMembersByIdAsync(id, cancellationToken);
        }

        logger.LogWarning("Slack has no user group with handle @{Handle}; it grants no role until one exists", group);
        return [];
    }

    /// <summary>
    /// Slack ids are <c>S</c> + capitals and digits. <c>_</c> is let through as well, so ids written like <c>S_APPROVERS</c>
    /// (test fakes) keep working; a handle that happens to look like an id is retried as a handle on <c>no_such_subteam</c>.
    /// </summary>
    private static bool LooksLikeId(string group) =>
        group.Length > 1 && group[0] == 'S' && !group.AsSpan(1).ContainsAnyExcept(IdCharacters);

    private async Task<IReadOnlyCollection<string>> GetMembersByIdAsync(string id, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (_members.TryGetValue(id, out var cached) && now - cached.At < options.Value.GroupCacheDuration)
        {
            return cached.Members;
        }

        var members = new HashSet<string>(await slack.GetUserGroupMembersAsync(id, cancellationToken), StringComparer.OrdinalIgnoreCase);
        _members[id] = (now, members);
        return members;
    }

    private async Task<string?> FindIdAsync(string handle, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var directory = _handles;
        if (directory is null || now - directory.At >= options.Value.GroupCacheDuration)
        {
            var ids = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            foreach (var group in await slack.ListUserGroupsAsync(cancellationToken))
            {
                if (group.Handle.Length > 0)
                {
                    ids.TryAdd(group.Handle, group.Id);
                }
            }

            directory = new HandleDirectory(now, ids);
            _handles = directory;
        }

        return directory.IdsByHandle.GetValueOrDefault(handle);
    }

    private sealed record HandleDirectory(DateTimeOffset At, IReadOnlyDictionary<string, string> IdsByHandle);
}
