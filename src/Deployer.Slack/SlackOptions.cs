namespace Deployer.Slack;

/// <summary>Settings for the Slack library: endpoints, credentials, timeouts and pacing.</summary>
public sealed class SlackOptions
{
    /// <summary>The configuration section conventionally bound to these options.</summary>
    public const string SectionName = "Slack";

    /// <summary>Base address of the Web API; every method is POSTed to <c>{ApiBaseUrl}{method}</c>.</summary>
    public Uri ApiBaseUrl { get; set; } = new("https://slack.com/api/");

    /// <summary>Bot token (<c>xoxb-…</c>) sent as a Bearer token on Web API calls.</summary>
    public string? BotToken { get; set; }

    /// <summary>App-level token (<c>xapp-…</c>) used only for <c>apps.connections.open</c> (Socket Mode).</summary>
    public string? AppToken { get; set; }

    /// <summary>Signing secret used to verify inbound HTTP requests.</summary>
    public string? SigningSecret { get; set; }

    /// <summary>Timeout of one attempt of an outgoing HTTP call (Web API or response_url).</summary>
    public TimeSpan HttpTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Timeout of one call including its retries and their waits (the pacing wait for a channel excluded).</summary>
    public TimeSpan TotalTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How many times a transient failure (429, <c>ratelimited</c>, 5xx, timeout, unreachable) is retried in process.</summary>
    public int MaxRetries { get; set; } = 3;

    /// <summary>A Retry-After longer than this is not waited out in process; the call fails as transient instead.</summary>
    public TimeSpan MaxRetryAfter { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>
    /// Minimum spacing of <c>chat.postMessage</c> and <c>chat.update</c> calls to one channel (Slack allows about one
    /// message per second per channel); zero only keeps one call per channel at a time.
    /// </summary>
    public TimeSpan PostMessageInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How far an inbound request timestamp may be from now before it is refused as a replay.</summary>
    public TimeSpan RequestTimestampTolerance { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How long event and envelope ids are remembered for de-duplication.</summary>
    public TimeSpan DeduplicationWindow { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>How many event and envelope ids are remembered at most.</summary>
    public int DeduplicationCapacity { get; set; } = 10_000;

    /// <summary>First reconnect delay of Socket Mode; doubles per failed attempt up to <see cref="SocketModeMaxReconnectDelay"/>.</summary>
    public TimeSpan SocketModeMinReconnectDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Longest reconnect delay of Socket Mode.</summary>
    public TimeSpan SocketModeMaxReconnectDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>WebSocket keep-alive ping interval of Socket Mode.</summary>
    public TimeSpan SocketModeKeepAliveInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long a new Socket Mode connection may take to say hello before it is dropped.</summary>
    public TimeSpan SocketModeHelloTimeout { get; set; } = TimeSpan.FromSeconds(15);
}
