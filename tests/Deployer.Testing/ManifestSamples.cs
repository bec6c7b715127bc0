using System.Text.Json.Nodes;

namespace Deployer.Testing;

/// <summary>A known-good manifest to mutate into bad ones.</summary>
public static class ManifestSamples
{
    public const string Router = """
        {
          "$schema": "./manifest.schema.json",
          "service": "router",
          "repository": "acme/router",
          "slack": { "channel": "C0ROUTER01" },
          "owners": ["@router-team"],
          "platform": { "kind": "local" },
          "branch": "main",
          "stages": [
            { "name": "staging", "targets": ["router-staging-us", "router-staging-eu"] },
            { "name": "production", "targets": ["router-prod-us", "router-prod-eu"],
              "checks": { "releaseAge": { "min": "2h" } } }
          ],
          "checks": {
            "releaseAge": { "min": "30m" },
            "integrationTests": { "suite": "direwolf", "minRuntime": "20m" },
            "incidents": { "services": ["PROUTER"] },
            "alerts": [
              { "name": "router is up", "source": "alertmanager", "matchers": ["alertname=\"RouterDown\""] },
              { "name": "HTTP success >= 99%", "source": "librato", "alertId": 106, "stages": ["production"], "mode": "shadow" }
            ],
            "window": { "timezone": "Europe/Dublin", "days": ["Mon","Tue","Wed","Thu"], "hours": "09:00-16:00" },
            "freezes": [ { "from": "2026-12-20T00:00:00Z", "to": "2027-01-04T00:00:00Z", "reason": "holidays" } ]
          }
        }
        """;

    /// <summary>The router manifest with <paramref name="change"/> applied to its JSON.</summary>
    public static string RouterWith(Action<JsonObject> change)
    {
        var node = JsonNode.Parse(Router)!.AsObject();
        change(node);
        return node.ToJsonString();
    }

    /// <summary>A minimal valid manifest for <paramref name="service"/>.</summary>
    public static string Minimal(string service, string target = "t1") =>
        $$"""{ "service": "{{service}}", "stages": [ { "name": "only", "targets": ["{{service}}-{{target}}"] } ] }""";
}
