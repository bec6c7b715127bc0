using System.Text.Json.Nodes;
using Deployer.Core.Manifests;
using Deployer.Integrations.ManifestFiles;
using Deployer.Integrations.World;

namespace Deployer.Integrations.Tests.ManifestFiles;

public sealed class ManifestLoaderTests
{
    [Fact]
    public void Every_sample_in_manifests_loads_without_errors()
    {
        var result = ManifestLoader.LoadDirectory(RepoPaths.ManifestsDirectory);

        Assert.Empty(result.Errors);
        Assert.Equal(["billing", "checkout", "router"], result.Manifests.Select(m => m.Service).Order());
        Assert.All(result.Manifests, m => Assert.Equal("local", m.Platform.Kind));
    }

    [Fact]
    public void Samples_have_the_documented_pipelines()
    {
        var catalog = new ManifestCatalog(ManifestLoader.LoadDirectory(RepoPaths.ManifestsDirectory));

        var billing = catalog.Find("billing")!;
        Assert.Equal(["staging", "production"], billing.Stages.Select(s => s.Name));
        Assert.All(billing.Stages, s => Assert.Single(s.Targets));

        var router = catalog.Find("router")!;
        Assert.Equal(["router-staging-us", "router-staging-eu"], router.Stages[0].Targets);
        Assert.Equal(["router-prod-us", "router-prod-eu"], router.Stages[1].Targets);

        var checkout = catalog.Find("checkout")!;
        Assert.Equal(["development", "staging", "production"], checkout.Stages.Select(s => s.Name));
    }

    [Fact]
    public void Samples_keep_bake_times_short_and_never_block_on_a_window_or_freeze()
    {
        var late2026 = new DateTimeOffset(2026, 12, 24, 12, 0, 0, TimeSpan.Zero);
        foreach (var manifest in ManifestLoader.LoadDirectory(RepoPaths.ManifestsDirectory).Manifests)
        {
            foreach (var stage in manifest.Stages)
            {
                var checks = manifest.EffectiveChecks(stage);
                Assert.True(checks.ReleaseAge is null || checks.ReleaseAge.Min <= TimeSpan.FromMinutes(3), $"{manifest.Service}/{stage.Name} bakes too long");
                Assert.True(checks.IntegrationTests is null || checks.IntegrationTests.MinRuntime <= TimeSpan.FromMinutes(1), $"{manifest.Service}/{stage.Name} tests too long");
                Assert.True(checks.Window is null || checks.Window.Mode == CheckMode.Shadow, $"{manifest.Service}/{stage.Name} has an enforced window");
                Assert.DoesNotContain(checks.Freezes ?? [], f => f.From <= late2026 && late2026 < f.To);
            }
        }
    }

    [Fact]
    public void Examples_are_valid_but_not_loaded_from_the_manifests_directory()
    {
        var examples = ManifestLoader.LoadDirectory(RepoPaths.ExamplesDirectory);
        Assert.Empty(examples.Errors);
        Assert.Equal(["command", "heroku", "local"], examples.Manifests.Select(m => m.Platform.Kind).Order());

        var loaded = ManifestLoader.LoadDirectory(RepoPaths.ManifestsDirectory).Manifests.Select(m => m.Service);
        Assert.DoesNotContain(examples.Manifests[0].Service, loaded);
    }

    [Fact]
    public void Command_example_carries_its_commands_and_timeout()
    {
        var command = ManifestLoader.LoadFile(Path.Combine(RepoPaths.ExamplesDirectory, "command.json")).Manifests.Single();

        Assert.Contains("DEPLOYER_TARGET", command.Platform.Current, StringComparison.Ordinal);
        Assert.Contains("DEPLOYER_COMMIT", command.Platform.Promote, StringComparison.Ordinal);
        Assert.Equal(TimeSpan.FromMinutes(10), command.Platform.Timeout);
    }

    [Fact]
    public void The_schema_in_use_is_the_file_in_manifests()
    {
        var onDisk = File.ReadAllText(RepoPaths.SchemaFile);

        Assert.Equal(onDisk, ManifestSchema.Text);
        Assert.Contains(ManifestSchema.ResourceName, typeof(ManifestSchema).Assembly.GetManifestResourceNames());
    }

    [Fact]
    public void The_validator_enforces_what_the_schema_file_says()
    {
        // The platform kinds listed in the file are exactly the ones the validator names when it refuses one.
        var file = JsonNode.Parse(File.ReadAllText(RepoPaths.SchemaFile))!;
        var kinds = file["$defs"]!["platform"]!["properties"]!["kind"]!["enum"]!.AsArray().Select(k => k!.GetValue<string>());
        var json = ManifestSamples.RouterWith(o => o["platform"] = new JsonObject { ["kind"] = "mainframe" });

        var error = Assert.Single(ManifestParser.Parse(json, "router.json").Errors);

        Assert.Equal("$.platform.kind", error.Path);
        Assert.Equal($"'mainframe' is not one of: {string.Join(", ", kinds)}", error.Message);
    }

    [Fact]
    public void Directory_load_skips_a_broken_manifest_and_loads_the_others()
    {
        using var dir = new TempDir();
        dir.Write("a.json", ManifestSamples.Minimal("alpha"));
        dir.Write("b.json", """{ "service": "beta", "stages": [ { "name": "s", "targets": [] } ] }""");
        dir.Write("c.json", ManifestSamples.Minimal("gamma"));
        dir.Write("manifest.schema.json", ManifestSchema.Text);
        dir.Write("world.schema.json", WorldSchema.Text);
        dir.Write("examples/d.json", ManifestSamples.Minimal("delta"));
        dir.Write("notes.txt", "not a manifest");

        var result = ManifestLoader.LoadDirectory(dir.Path);

        Assert.Equal(["alpha", "gamma"], result.Manifests.Select(m => m.Service));
        var error = Assert.Single(result.Errors);
        Assert.Equal("b.json: $.stages[0].targets: must not be empty", error.ToString());
        Assert.Equal(Path.Combine(dir.Path, "a.json"), result.Manifests[0].SourceFile);
    }

    [Fact]
    public void Duplicate_service_across_files_loads_neither_and_names_both_files()
    {
        using var dir = new TempDir();
        dir.Write("one.json", ManifestSamples.Minimal("billing", "x"));
        dir.Write("two.json", ManifestSamples.Minimal("Billing", "y"));
        dir.Write("three.json", ManifestSamples.Minimal("router"));

        var result = ManifestLoader.LoadDirectory(dir.Path);

        Assert.Equal(["router"], result.Manifests.Select(m => m.Service));
        Assert.Equal(2, result.Errors.Count);
        Assert.Contains(result.Errors, e => e.File == "one.json" && e.Path == "$.service" && e.Message.Contains("two.json", StringComparison.Ordinal));
        Assert.Contains(result.Errors, e => e.File == "two.json" && e.Message.Contains("one.json", StringComparison.Ordinal));
    }

    [Fact]
    public void Missing_directory_is_reported_not_thrown()
    {
        var result = ManifestLoader.LoadDirectory(Path.Combine(Path.GetTempPath(), "no-such-" + Guid.NewGuid().ToString("N")));

        Assert.Empty(result.Manifests);
        Assert.Contains("does not exist", Assert.Single(result.Errors).Message, StringComparison.Ordinal);
    }
}
