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

        var result = ManifestLoader.Parse(json, "router.json");

        Assert.False(result.Succeeded);
        var errors = result.Errors.Select(e => e.ToString()).ToList();
        Assert.Contains(errors, e => e.StartsWith("router.json: $.stages[1].targets:", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("$.checks.window.timezone: unknown time zone 'Europe/Dubln'", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("$.checks.alerts[0].matchers[0]", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("staging", StringComparison.Ordinal) && e.Contains("$.stages[1].name", StringComparison.Ordinal));
    }
}
