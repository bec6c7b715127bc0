using Deployer.Bot.ChatOps;
using Deployer.Core.Commands;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Deployer.Bot.Notifications.Slack;

/// <summary>
/// The people who may approve force-promotes (<c>Authorization:Approvers</c>, user groups expanded through the
/// <see cref="IUserGroupResolver"/>), at most <c>ChatOps:ApproverDirectMessages</c> of them, for the direct messages
/// about a new request. Read from memory while rendering (inside a store transaction); refreshed beforehand, outside
/// it, at most every <c>ChatOps:GroupCacheDuration</c>. A group that cannot be read adds nobody (logged) and the last
/// good list stays until the next refresh.
/// </summary>
internal sealed class ApproverDirectory(
    IOptions<AuthorizationOptions> authorization, IUserGroupResolver groups, IOptions<ChatOpsOptions> options, TimeProvider time, ILogger<ApproverDirectory> logger)
{
    private volatile Snapshot? _snapshot;

    /// <summary>The approvers' user ids, in configuration order, without duplicates; empty before the first refresh.</summary>
    public IReadOnlyList<string> Users => _snapshot?.Users ?? [];

    public async ValueTask RefreshAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (_snapshot is { } last && now - last.At < options.Value.GroupCacheDuration)
        {
            return;
        }

        var cap = options.Value.ApproverDirectMessages;
        var users = new List<string>();
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var entry in cap == 0 ? [] : authorization.Value.Approvers)
        {
            foreach (var user in await ExpandAsync(entry, cancellationToken))
            {
                if (seen.Add(user))
                {
                    users.Add(user);
                }
            }
        }

        if (users.Count > cap)
        {
            logger.LogWarning(
                "{Count} approvers, direct messages about force-promote requests go to the first {Cap} (ChatOps:ApproverDirectMessages); left out: {Left}",
                users.Count, cap, string.Join(", ", users.Skip(cap)));
            users = users[..cap];
        }

        _snapshot = new Snapshot(now, users);
    }

    private async Task<IReadOnlyCollection<string>> ExpandAsync(string entry, CancellationToken cancellationToken)
    {
        if (entry.Length < 2 || entry[0] != '@')
        {
            return [entry];
        }

        try
        {
            return await groups.GetMembersAsync(entry[1..], cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning("Cannot read the approvers in {Group} ({Error}); they get no direct message about force-promote requests", entry, ex.Message);
            return [];
        }
    }

    private sealed record Snapshot(DateTimeOffset At, IReadOnlyList<string> Users);
}
