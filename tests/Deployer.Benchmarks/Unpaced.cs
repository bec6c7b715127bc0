namespace Deployer.Benchmarks;

/// <summary>
/// Settings that take the Heroku sweep's pacing out of the way, for the scenarios that measure raw cycle speed and
/// memory (<c>cycle</c>, <c>memory</c>): a budget so large that every cycle reads every pipeline. <c>heroku-budget</c>
/// measures the pacing itself, with the shipped values.
/// </summary>
public static class Unpaced
{
    public const string Note = "not paced: Heroku:RateLimitPerHour 100,000,000 and Heroku:SweepBurst 1,000,000, so every cycle reads every pipeline (heroku-budget measures the pacing)";

    /// <summary>The settings, with <paramref name="separator"/> <c>:</c> for configuration keys or <c>__</c> for environment variables.</summary>
    public static IReadOnlyDictionary<string, string?> Settings(string separator) => new Dictionary<string, string?>
    {
        [$"Heroku{separator}RateLimitPerHour"] = "100000000",
        [$"Heroku{separator}SweepBurst"] = "1000000",
    };
}
