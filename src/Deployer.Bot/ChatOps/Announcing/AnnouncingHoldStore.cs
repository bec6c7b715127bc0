using Deployer.Bot.ChatOps.Rendering;
using Deployer.Core.Holds;
using Deployer.Core.Manifests;
using Deployer.Core.Ports;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Deployer.Bot.ChatOps.Announcing;

/// <summary>
/// Wraps the host's hold store: keeps <see cref="HoldCache"/> current on every change and announces holds that lift
/// themselves on expiry (whoever runs the expiry) in the service's channel.
/// </summary>
/// <remarks>
/// Not in Console mode: there the channel is standard output, where the host's hold-expiry job already prints each
/// expiry (and audits it); announcing it here as well printed every expiry twice.
/// </remarks>
internal sealed class AnnouncingHoldStore : IHoldStore
{
    private readonly IHoldStore _inner;
    private readonly HoldCache _cache;
    private readonly IChannelAnnouncer _announcer;
    private readonly IManifestCatalog _catalog;
    private readonly ILogger _logger;
    private readonly bool _announceExpiries;

    public AnnouncingHoldStore(
        IHoldStore inner, HoldCache cache, IChannelAnnouncer announcer, IManifestCatalog catalog, IOptions<SlackModeOptions> mode, ILogger<AnnouncingHoldStore> logger)
    {
        _inner = inner;
        _cache = cache;
        _announcer = announcer;
        _catalog = catalog;
        _logger = logger;
        _announceExpiries = mode.Value.Mode != ChatMode.Console;
        cache.Attach(inner);
    }

    public Task<IReadOnlyList<Hold>> GetActiveAsync(string? service, DateTimeOffset now, CancellationToken cancellationToken) =>
        _inner.GetActiveAsync(service, now, cancellationToken);

    public async Task AddAsync(Hold hold, CancellationToken cancellationToken)
    {
        await _inner.AddAsync(hold, cancellationToken);
        _cache.Invalidate();
    }

    public async Task<IReadOnlyList<Hold>> RemoveAsync(string service, string? stage, CancellationToken cancellationToken)
    {
        var removed = await _inner.RemoveAsync(service, stage, cancellationToken);
        _cache.Invalidate();
        return removed;
    }

    public async Task<IReadOnlyList<Hold>> RemoveExpiredAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var removed = await _inner.RemoveExpiredAsync(now, cancellationToken);
        if (removed.Count == 0)
        {
            return removed;
        }

        _cache.Invalidate();
        if (!_announceExpiries)
        {
            return removed;
        }

        foreach (var hold in removed)
        {
            if (_catalog.Find(hold.Service)?.Slack.Channel is { Length: > 0 } channel)
            {
                try
                {
                    await _announcer.PostAsync(channel, Replies.HoldExpired(hold), cancellationToken);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    _logger.LogError(ex, "Could not announce the expiry of hold {Hold} on {Service}", hold.Id, hold.Service);
                }
            }
        }

        return removed;
    }
}
