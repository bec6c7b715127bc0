using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Deployer.Benchmarks;

/// <summary>
/// Writes N service manifests: a mix of 2- and 3-stage pipelines, a quarter with sharded production, 3 targets per
/// pipeline on average (1,000 pipelines → 3,000 targets), each with release age, integration tests, incidents, two
/// alerts and the branch check, so a pipeline with a diff calls every kind of outside source. The <c>budget</c> layout
/// (<c>heroku-budget</c>) is every pipeline <c>staging</c> (1 app) → <c>production</c> (2 shards) with the same checks
/// but no waiting ones (no release age, no integration-test minimum runtime), so what delays a promotion is reading.
/// </summary>
public static class ManifestGenerator
{
    public static string Service(int i) => $"svc-{i:D4}";

    /// <summary>The stages and their targets of pipeline <paramref name="i"/>.</summary>
    public static IReadOnlyList<(string Stage, string[] Targets)> Shape(int i, bool budget = false)
    {
        var s = Service(i);
        return (budget ? 0 : i % 4) switch
        {
            0 => [("staging", [$"{s}-staging"]), ("production", [$"{s}-prod-us", $"{s}-prod-eu"])],
            1 => [("development", [$"{s}-dev"]), ("staging", [$"{s}-staging"]), ("production", [$"{s}-prod"])],
            2 => [("development", [$"{s}-dev"]), ("staging", [$"{s}-staging"]), ("production", [$"{s}-prod-us", $"{s}-prod-eu"])],
            _ => [("staging", [$"{s}-staging"]), ("production", [$"{s}-prod"])],
        };
    }

    public static int TargetCount(int pipelines) => Enumerable.Range(0, pipelines).Sum(i => Shape(i).Sum(st => st.Targets.Length));

    /// <summary>Writes the manifests (and the schema next to them) into <paramref name="directory"/>.</summary>
    public static void Write(string directory, int pipelines, string platformKind, string repoRoot, bool budget = false)
    {
        Directory.CreateDirectory(directory);
        var schema = Path.Combine(repoRoot, "manifests", "manifest.schema.json");
        if (File.Exists(schema))
        {
            File.Copy(schema, Path.Combine(directory, "manifest.schema.json"), overwrite: true);
        }

        for (var i = 0; i < pipelines; i++)
        {
            File.WriteAllText(Path.Combine(directory, Service(i) + ".json"), Manifest(i, platformKind, budget));
        }
    }

    public static string Manifest(int i, string platformKind, bool budget = false)
    {
        var s = Service(i);
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            w.WriteString("service", s);
            w.WriteString("repository", $"acme/{s}");
            w.WriteStartObject("slack");
            w.WriteString("channel", $"C{i:D8}");
            w.WriteEndObject();
            w.WriteStartArray("owners");
            w.WriteStringValue("@team-" + (i % 20).ToString(CultureInfo.InvariantCulture));
            w.WriteEndArray();
            w.WriteStartObject("platform");
            w.WriteString("kind", platformKind);
            if (platformKind == "heroku")
            {
                w.WriteString("pipeline", DeterministicGuid("pipeline:" + s).ToString());
            }

            w.WriteEndObject();
            w.WriteString("branch", "main");
            w.WriteStartArray("stages");
            foreach (var (stage, targets) in Shape(i, budget))
            {
                w.WriteStartObject();
                w.WriteString("name", stage);
                w.WriteStartArray("targets");
                foreach (var t in targets)
                {
                    w.WriteStringValue(t);
                }

                w.WriteEndArray();
                if (stage == "production" && !budget)
                {
                    w.WriteStartObject("checks");
                    w.WriteStartObject("releaseAge");
                    w.WriteString("min", "1h");
                    w.WriteEndObject();
                    w.WriteEndObject();
                }

                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteStartObject("checks");
            if (!budget)
            {
                w.WriteStartObject("releaseAge");
                w.WriteString("min", "30m");
                w.WriteEndObject();
            }

            w.WriteStartObject("integrationTests");
            w.WriteString("suite", s + "-e2e");
            if (!budget)
            {
                w.WriteString("minRuntime", "5m");
            }

            w.WriteEndObject();
            w.WriteStartObject("incidents");
            w.WriteStartArray("services");
            w.WriteStringValue("P" + s.ToUpperInvariant().Replace("-", "", StringComparison.Ordinal));
            w.WriteEndArray();
            if (platformKind == "heroku")
            {
                w.WriteString("source", "pagerduty");
            }

            w.WriteEndObject();
            w.WriteStartArray("alerts");
            w.WriteStartObject();
            w.WriteString("name", $"{s} is up");
            w.WriteString("source", "alertmanager");
            w.WriteStartArray("matchers");
            w.WriteStringValue("alertname=\"ServiceDown\"");
            w.WriteStringValue($"service=\"{s}\"");
            w.WriteEndArray();
            w.WriteEndObject();
            w.WriteStartObject();
            w.WriteString("name", "no critical alert");
            w.WriteString("source", "alertmanager");
            w.WriteStartArray("matchers");
            w.WriteStringValue("severity=\"critical\"");
            w.WriteEndArray();
            w.WriteStartArray("stages");
            w.WriteStringValue("production");
            w.WriteEndArray();
            w.WriteEndObject();
            w.WriteEndArray();
            w.WriteEndObject();
            w.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }

    public static Guid DeterministicGuid(string text) => new(MD5.HashData(Encoding.UTF8.GetBytes(text)));

    /// <summary>A 40-hex-digit commit sha derived from <paramref name="text"/>.</summary>
    public static string Sha(string text) => Convert.ToHexStringLower(SHA1.HashData(Encoding.UTF8.GetBytes(text)));
}
