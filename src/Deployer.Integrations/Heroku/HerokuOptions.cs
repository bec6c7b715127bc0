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

    /// <summary>How many targets of one snapshot are read at once.</summary>
    public int MaxParallelReads { get; set; } = 4;
}
