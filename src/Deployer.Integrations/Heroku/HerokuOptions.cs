using Deployer.Integrations.Http;

namespace Deployer.Integrations.Heroku;

/// <summary>Section <c>Heroku</c>: the Platform API and how hard we may use it.</summary>
public sealed class HerokuOptions : IntegrationHttpOptions
{
    public const string Section = "Heroku";

    /// <summary><c>Heroku:ApiBaseUrl</c>.</summary>
    public string ApiBaseUrl { get; set; } = "https://api.heroku.com";

    /// <summary><c>Heroku:ApiToken</c> (env <c>Heroku__ApiToken</c>); the integration is off without it.</summary>
    public string? ApiToken { get; set; }

    /// <summary>How often a running promotion is polled.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How long a promotion may stay pending before it is reported failed.</summary>
    public TimeSpan PromotionTimeout { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>Below this many remaining API calls, snapshots are deferred instead of spending the rest.</summary>
    public int RateLimitFloor { get; set; } = 200;

    /// <summary>How fast Heroku refills the budget (calls per hour); used to estimate when to try again.</summary>
    public int RateLimitPerHour { get; set; } = 4500;

    /// <summary>
    /// Part of the refill (calls a minute) the periodic sweep leaves for promotions, rollbacks and webhook-driven reads;
    /// the sweep spends at most <c>RateLimitPerHour / 60 - ReservedCallsPerMinute</c> calls a minute.
    /// </summary>
    public double ReservedCallsPerMinute { get; set; } = 15;

    /// <summary>Calls the sweep may spend at once after being idle (its credit's cap).</summary>
    public int SweepBurst { get; set; } = 75;

    /// <summary><c>Heroku:WebhookSecret</c> (env <c>Heroku__WebhookSecret</c>): the secret of the app webhooks; deliveries are refused without it.</summary>
    public string? WebhookSecret { get; set; }

    /// <summary>Where Heroku posts app webhook deliveries.</summary>
    public string WebhookPath { get; set; } = "/heroku/webhooks";

    /// <summary>How many targets of one snapshot are read at once.</summary>
    public int MaxParallelReads { get; set; } = 4;
}
