using Deployer.Core.Manifests;
using Deployer.Integrations.ManifestFiles;

namespace Deployer.Integrations.Tests.ManifestFiles;

/// <summary>Loading many manifests in parallel gives exactly what loading them one by one in file order gives.</summary>
public sealed class ManifestLoaderParallelTests
{
    private const int Count = 200;

    // Index → a broken manifest; each kind of failure, from schema and from the reader, at scattered places.
    private static readonly Dictionary<int, string> Broken = new()
    {
        [3] = """{ "service": "svc-003", "stages": [ """,
        [50] = """{ "service": "svc-050", "colour": "red", "stages": [ { "name": "s", "targets": ["svc-050-t"] } ] }""",
        [51] = """{ "service": "svc-051", "stages": [ { "name": "s", "targets": [] } ] }""",
        [99] = """{ "service": "svc-099", "stages": [ { "name": "s", "targets": ["svc-099-t"] } ], "checks": { "releaseAge": { "min": "30 minutes" } } }""",
        [140] = """{ "service": "svc-140" }""",
        [141] = """{ "service": "svc-141", "stages": "production" }""",
        [199] = """{ "service": "svc-199", "stages": [ { "name": "s", "targets": ["svc-199-t"] } ], "checks": { "window": { "timezone": "Mars/Olympus", "days": ["Mon"], "hours": "09:00-16:00" } } }""",
    };

    private static readonly int[] Duplicates = [120, 180];

    [Fact]
    public void Many_manifests_load_in_file_order_with_the_same_errors_as_one_by_one_loading()
    {
        using var dir = new TempDir();
        var names = new List<string>();
        for (var i = 0; i < Count; i++)
        {
            var name = $"svc-{i:000}.json";
            names.Add(name);
            dir.Write(name, Broken.TryGetValue(i, out var json) ? json : ManifestSamples.Minimal(Duplicates.Contains(i) ? "dup" : $"svc-{i:000}", $"t{i}"));
        }

        // What the sequential loader produced: every file's own errors in file order, then both duplicate files.
        var expectedErrors = names.SelectMany(n => ManifestParser.Parse(File.ReadAllText(Path.Combine(dir.Path, n)), n).Errors).ToList();
        expectedErrors.Add(new ManifestError("svc-120.json", "$.service", "service 'dup' is also defined in svc-180.json; neither is loaded"));
        expectedErrors.Add(new ManifestError("svc-180.json", "$.service", "service 'dup' is also defined in svc-120.json; neither is loaded"));
        var expectedServices = Enumerable.Range(0, Count)
            .Where(i => !Broken.ContainsKey(i) && !Duplicates.Contains(i))
            .Select(i => $"svc-{i:000}")
            .ToList();

        for (var run = 0; run < 5; run++)
        {
            var result = ManifestLoader.LoadDirectory(dir.Path);

            Assert.Equal(expectedServices, result.Manifests.Select(m => m.Service));
            Assert.Equal(expectedServices.Select(s => Path.Combine(dir.Path, s + ".json")), result.Manifests.Select(m => m.SourceFile));
            Assert.Equal(expectedErrors, result.Errors);
        }
    }

    [Fact]
    public void Every_broken_file_is_named_with_the_json_path_and_problem()
    {
        using var dir = new TempDir();
        for (var i = 0; i < Count; i++)
        {
            dir.Write($"svc-{i:000}.json", Broken.TryGetValue(i, out var json) ? json : ManifestSamples.Minimal($"svc-{i:000}"));
        }

        var errors = ManifestLoader.LoadDirectory(dir.Path).Errors;

        Assert.Equal(Broken.Keys.Order().Select(i => $"svc-{i:000}.json"), errors.Select(e => e.File).Distinct());
        Assert.Contains(errors, e => e.File == "svc-003.json" && e.Path == "$" && e.Message.StartsWith("invalid JSON", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.ToString() == "svc-050.json: $.colour: unknown property 'colour'");
        Assert.Contains(errors, e => e.ToString() == "svc-051.json: $.stages[0].targets: must not be empty");
        Assert.Contains(errors, e => e.File == "svc-099.json" && e.Path == "$.checks.releaseAge.min" && e.Message.Contains("'30 minutes' is not a duration", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.ToString() == "svc-140.json: $: missing required property 'stages'");
        Assert.Contains(errors, e => e.ToString() == "svc-141.json: $.stages: must be an array, not a string");
        Assert.Contains(errors, e => e.File == "svc-199.json" && e.Path == "$.checks.window.timezone" && e.Message.Contains("Mars/Olympus", StringComparison.Ordinal));
    }
}
