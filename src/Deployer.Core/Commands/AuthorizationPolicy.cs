using Deployer.Core.Manifests;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Deployer.Core.Commands;

/// <summary>
/// Who may do what: Operators hold and resume anything, a manifest's owners their own service, ForcePromoters request,
/// Approvers approve. Everyone may read. A group that cannot be read grants nothing (fail closed).
/// </summary>
public sealed class AuthorizationPolicy
{
    private readonly AuthorizationOptions _options;
    private readonly IUserGroupResolver _groups;
    private readonly IManifestCatalog _catalog;
    private readonly ILogger _logger;

    public AuthorizationPolicy(AuthorizationOptions options, IUserGroupResolver groups, IManifestCatalog catalog, ILogger<AuthorizationPolicy>? logger = null)
    {
        _options = options;
        _groups = groups;
        _catalog = catalog;
        _logger = logger ?? NullLogger<AuthorizationPolicy>.Instance;
    }

    public AuthorizationOptions Options => _options;

    public async Task<CallerRoles> GetRolesAsync(Caller caller, CancellationToken cancellationToken)
    {
        if (caller.IsLocal)
        {
            return new CallerRoles(caller, ChatRoles.All, [.. _catalog.All.Select(m => m.Service)]);
        }

        var roles = ChatRoles.None;
        if (await IsListedAsync(caller.UserId, _options.Operators, cancellationToken))
        {
            roles |= ChatRoles.Operator;
        }

        if (await IsListedAsync(caller.UserId, _options.ForcePromoters, cancellationToken))
        {
            roles |= ChatRoles.ForcePromoter;
        }

        if (await IsListedAsync(caller.UserId, _options.Approvers, cancellationToken))
        {
            roles |= ChatRoles.Approver;
        }

        var owned = new List<string>();
        foreach (var manifest in _catalog.All)
        {
            if (await IsListedAsync(caller.UserId, manifest.Owners, cancellationToken))
            {
                owned.Add(manifest.Service);
            }
        }

        return new CallerRoles(caller, roles, owned);
    }

    /// <summary>Hold and resume: Operators, or the manifest's owners.</summary>
    public async Task<Permission> CanHoldAsync(Caller caller, ServiceManifest manifest, string verb, CancellationToken cancellationToken)
    {
        if (caller.IsLocal
            || await IsListedAsync(caller.UserId, _options.Operators, cancellationToken)
            || await IsListedAsync(caller.UserId, manifest.Owners, cancellationToken))
        {
            return Permission.Granted;
        }

        return Permission.Denied($"you may not {verb} {manifest.Service}: only Operators and {manifest.Service}'s owners may, and you are neither");
    }

    public async Task<Permission> CanForceAsync(Caller caller, ServiceManifest manifest, CancellationToken cancellationToken) =>
        caller.IsLocal || await IsListedAsync(caller.UserId, _options.ForcePromoters, cancellationToken)
            ? Permission.Granted
            : Permission.Denied($"you may not force-promote {manifest.Service}: only ForcePromoters may");

    public async Task<Permission> CanApproveAsync(Caller caller, string verb, CancellationToken cancellationToken) =>
        caller.IsLocal || await IsListedAsync(caller.UserId, _options.Approvers, cancellationToken)
            ? Permission.Granted
            : Permission.Denied($"you may not {verb} force-promotes: only Approvers may");

    /// <summary>True when <paramref name="userId"/> is listed directly or is a member of a listed <c>@group</c>.</summary>
    public async Task<bool> IsListedAsync(string userId, IReadOnlyList<string> entries, CancellationToken cancellationToken)
    {
        foreach (var entry in entries)
        {
            if (string.Equals(entry, userId, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        foreach (var entry in entries)
        {
            if (entry.Length < 2 || entry[0] != '@')
            {
                continue;
            }

            try
            {
                var members = await _groups.GetMembersAsync(entry[1..], cancellationToken);
                if (members.Contains(userId, StringComparer.OrdinalIgnoreCase))
                {
                    return true;
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                _logger.LogWarning(ex, "Cannot read user group {Group}; its members get no role from it", entry);
            }
        }

        return false;
    }
}
