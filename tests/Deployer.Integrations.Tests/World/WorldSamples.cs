using Deployer.Core.Manifests;
using Deployer.Integrations.World;

namespace Deployer.Integrations.Tests.World;

/// <summary>The documented world file, and helpers to build worlds and manifests for port tests.</summary>
internal static class WorldSamples
{
    public const string Documented = """
        {
          "now": "2026-11-26T12:00:00Z",
          "releases": { "router-staging-us": { "version": 41, "commit": "9f1c2ab", "branch": "main",
                        "createdAt": "2026-11-26T10:00:00Z", "status": "succeeded" } },
          "alerts": [ { "labels": { "alertname": "RouterDown", "severity": "critical" }, "state": "active" } ],
          "librato": { "firing": [106] },
          "incidents": [ { "id": "Q1", "service": "PROUTER", "status": "triggered", "title": "5xx spike" } ],
          "tests": { "9f1c2ab": { "suite": "direwolf", "status": "passed", "completedAt": "2026-11-26T11:00:00Z" } },
          "branches": { "9f1c2ab": ["main"] },
          "holds": [ { "service": "router", "stage": "production", "reason": "db migration", "by": "U0ALICE",
                       "until": "2026-11-26T18:00:00Z" } ]
        }
        """;

    public static WorldFile Parse(string json)
    {
        var result = WorldFile.Parse(json, "world.json");
        Assert.True(result.Succeeded, string.Join("\n", result.Errors));
        return result.World;
    }

    public static ServiceManifest Router { get; } = new()
    {
        Service = "router",
        Stages =
        [
            new StageSpec { Name = "staging", Targets = ["router-staging-us", "router-staging-eu"] },
            new StageSpec { Name = "production", Targets = ["router-prod-us", "router-prod-eu"] },
        ],
    };
}
