using Deployer.Core.Manifests;

namespace Deployer.Core.Tests.Manifests;

/// <summary>A manifest's problems are all reported at once: schema and semantic, not in two rounds.</summary>
public sealed class ManifestValidationOnePassTests
{
    [Fact]
    public void Schema_and_semantic_problems_come_together()
    {
        const string json = """
            {
              "service": "router",
              "stages": [
                { "name": "staging", "targets": ["router-staging"] },
                { "name": "staging", "targets": [] }
              ],
              "checks": {
                "window": { "timezone": "Europe/Dubln", "days": ["Mon"], "hours": "09:00-16:00" },
                "alerts": [ { "name": "up", "source": "alertmanager", "matchers": ["alertname=~\"(Router\""] } ]
              }
            }
            """;

        var result = ManifestParser.Parse(json, "router.json");

        Assert.False(result.Succeeded);
        var errors = result.Errors.Select(e => e.ToString()).ToList();
        Assert.Contains(errors, e => e.StartsWith("router.json: $.stages[1].targets:", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("$.checks.window.timezone: unknown time zone 'Europe/Dubln'", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("$.checks.alerts[0].matchers[0]", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("staging", StringComparison.Ordinal) && e.Contains("$.stages[1].name", StringComparison.Ordinal));
    }

    [Fact]
    public void Every_error_of_one_window_is_reported_in_one_pass_including_the_time_zone()
    {
        const string json = """
            {
              "service": "router",
              "stages": [ { "name": "staging", "targets": ["a"] }, { "name": "production", "targets": ["b"] } ],
              "checks": { "window": { "timezone": "Mars/Olympus_Mons", "days": ["Funday"], "hours": "9-5" } }
            }
            """;

        var result = ManifestParser.Parse(json, "router.json");

        Assert.False(result.Succeeded);
        var paths = result.Errors.Select(e => e.Path).ToList();
        Assert.Contains(result.Errors, e => e.Path == "$.checks.window.timezone" && e.Message.Contains("unknown time zone 'Mars/Olympus_Mons'", StringComparison.Ordinal));
        Assert.Contains(paths, p => p.StartsWith("$.checks.window.days", StringComparison.Ordinal));
        Assert.Contains(paths, p => p.StartsWith("$.checks.window.hours", StringComparison.Ordinal));
    }
}
