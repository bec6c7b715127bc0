using Deployer.Slack.Inbound;
using Deployer.Slack.WebApi;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Deployer.Slack.SocketMode;

/// <summary>
/// Receives slash commands, interactions and events over Socket Mode and dispatches them to <see cref="ISlackInboundHandler"/>
/// (resolved per envelope in its own scope). Reconnects with backoff, switches connections on refresh without losing or
/// double-acknowledging envelopes. Call <see cref="RunAsync"/> from a hosted service.
/// </summary>
public sealed class SocketModeClient
{
    private readonly ISlackApiClient _api;
    private readonly IServiceScopeFactory _scopes;
    private readonly EventDeduplicator _events;
    private readonly SlackOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<SocketModeClient> _logger;
    private int _running;

    /// <summary>Whether the link to Slack is up now, and since when.</summary>
    public SocketModeState State { get; } = new();

    public SocketModeClient(ISlackApiClient api, IServiceScopeFactory scopes, EventDeduplicator events, IOptions<SlackOptions> options, TimeProvider timeProvider, ILogger<SocketModeClient> logger)
    {
        ArgumentNullException.ThrowIfNull(api);
        ArgumentNullException.ThrowIfNull(scopes);
        ArgumentNullException.ThrowIfNull(events);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentNullException.ThrowIfNull(logger);
        _api = api;
        _scopes = scopes;
        _events = events;
        _options = options.Value;
        _timeProvider = timeProvider;
        _logger = logger;
    }

    /// <summary>
    /// Runs until <paramref name="cancellationToken"/> is cancelled (returns <see cref="SocketModeStopReason.Cancelled"/>) or Slack
    /// disables the link (returns <see cref="SocketModeStopReason.LinkDisabled"/>). Throws <see cref="SlackApiException"/> when
    /// <c>apps.connections.open</c> is refused (bad or missing app token): retrying would not help.
    /// </summary>
    public async Task<SocketModeStopReason> RunAsync(CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref _running, 1) == 1)
        {
            throw new InvalidOperationException("This SocketModeClient is already running.");
        }

        try
        {
            var dispatcher = new SocketModeDispatcher(_scopes, _events, _logger);
            return await new SocketModeSession(_api, dispatcher, _options, _timeProvider, _logger, State).RunAsync(cancellationToken);
        }
        finally
        {
            Volatile.Write(ref _running, 0);
        }
    }
}
