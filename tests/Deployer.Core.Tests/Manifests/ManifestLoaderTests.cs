using System.Text.Json.Nodes;
using Deployer.Core.Manifests;
using NodaTime;

namespace Deployer.Core.Tests.Manifests;

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
        var catalog = ManifestCatalog.FromDirectory(RepoPaths.ManifestsDirectory);

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
    public void Schema_file_equals_the_embedded_schema_text()
    {
        var onDisk = File.ReadAllText(RepoPaths.SchemaFile).ReplaceLineEndings("\n").TrimEnd('\n');

        Assert.Equal(ManifestSchema.Text.ReplaceLineEndings("\n"), onDisk);
    }

    [Fact]
    public void Parses_every_part_of_the_documented_example()
    {
        var result = ManifestLoader.Parse(ManifestSamples.Router, "router.json");

        Assert.True(result.Succeeded, string.Join("\n", result.Errors));
        var m = result.Manifest;
        Assert.Equal("router", m.Service);
        Assert.Equal("acme/router", m.Repository);
        Assert.Equal("C0ROUTER01", m.Slack.Channel);
        Assert.Equal(["@router-team"], m.Owners);
        Assert.Equal("router.json", m.SourceFile);
        Assert.Equal(TimeSpan.FromMinutes(30), m.Checks.ReleaseAge!.Min);
        Assert.Equal(new IntegrationTestsSpec("direwolf", TimeSpan.FromMinutes(20)), m.Checks.IntegrationTests);
        Assert.Equal(["PROUTER"], m.Checks.Incidents!.Services);
        Assert.Null(m.Checks.Incidents.Source);

        var alerts = m.Checks.Alerts!;
        Assert.Equal("alertmanager", alerts[0].Source);
        Assert.Equal(["alertname=\"RouterDown\""], alerts[0].Matchers);
        Assert.Equal(CheckMode.Enforce, alerts[0].Mode);
        Assert.Equal(106, alerts[1].AlertId);
        Assert.Equal(["production"], alerts[1].Stages);
        Assert.Equal(CheckMode.Shadow, alerts[1].Mode);

        var window = m.Checks.Window!;
        Assert.Equal(new HashSet<DayOfWeek> { DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday }, window.Days);
        Assert.Equal(new TimeOnly(9, 0), window.Start);
        Assert.Equal(new TimeOnly(16, 0), window.End);
        Assert.Equal(Offset.FromHours(1), window.TimeZone.GetUtcOffset(Instant.FromUtc(2026, 7, 1, 12, 0)));

        var freeze = Assert.Single(m.Checks.Freezes!);
        Assert.Equal(new FreezeSpec(new DateTimeOffset(2026, 12, 20, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2027, 1, 4, 0, 0, 0, TimeSpan.Zero), "holidays"), freeze);
    }

    [Fact]
    public void Stage_checks_override_pipeline_checks_one_by_one()
    {
        var m = ManifestLoader.Parse(ManifestSamples.Router, "router.json").Manifest!;

        var staging = m.EffectiveChecks(m.Stages[0]);
        var production = m.EffectiveChecks(m.Stages[1]);

        Assert.Null(m.Stages[0].Checks);
        Assert.Equal(TimeSpan.FromMinutes(30), staging.ReleaseAge!.Min);
        Assert.Equal(TimeSpan.FromHours(2), production.ReleaseAge!.Min);
        Assert.Same(m.Checks.IntegrationTests, production.IntegrationTests);
        Assert.Null(m.Stages[1].Checks!.IntegrationTests);
    }

    [Fact]
    public void Top_level_branch_enables_the_branch_check_with_that_name()
    {
        var m = ManifestLoader.Parse(ManifestSamples.RouterWith(o => o["branch"] = "release"), "router.json").Manifest!;

        Assert.Equal("release", m.Branch);
        Assert.Equal(new BranchSpec("release", CheckMode.Enforce), m.Checks.Branch);
    }

    [Fact]
    public void Explicit_branch_check_wins_over_top_level_branch()
    {
        var json = ManifestSamples.RouterWith(o => o["checks"]!["branch"] = new JsonObject { ["name"] = "trunk", ["mode"] = "shadow" });

        var m = ManifestLoader.Parse(json, "router.json").Manifest!;

        Assert.Equal("main", m.Branch);
        Assert.Equal(new BranchSpec("trunk", CheckMode.Shadow), m.Checks.Branch);
    }

    [Fact]
    public void Without_a_branch_there_is_no_branch_check_and_branch_defaults_to_main()
    {
        var m = ManifestLoader.Parse(ManifestSamples.RouterWith(o => o.Remove("branch")), "router.json").Manifest!;

        Assert.Null(m.Checks.Branch);
        Assert.Equal("main", m.Branch);
    }

    [Fact]
    public void Every_check_reads_its_shadow_mode()
    {
        var json = ManifestSamples.RouterWith(o =>
        {
            var checks = o["checks"]!.AsObject();
            foreach (var name in new[] { "releaseAge", "integrationTests", "incidents", "window" })
            {
                checks[name]!["mode"] = "shadow";
            }

            checks["branch"] = new JsonObject { ["mode"] = "shadow" };
        });

        var c = ManifestLoader.Parse(json, "router.json").Manifest!.Checks;

        Assert.Equal(CheckMode.Shadow, c.ReleaseAge!.Mode);
        Assert.Equal(CheckMode.Shadow, c.IntegrationTests!.Mode);
        Assert.Equal(CheckMode.Shadow, c.Incidents!.Mode);
        Assert.Equal(CheckMode.Shadow, c.Window!.Mode);
        Assert.Equal(new BranchSpec(null, CheckMode.Shadow), c.Branch);
    }

    [Fact]
    public void Platform_and_incident_source_are_read()
    {
        var json = ManifestSamples.RouterWith(o =>
        {
            o["platform"] = new JsonObject { ["kind"] = "heroku", ["pipeline"] = "p-123", ["timeout"] = "5m" };
            o["checks"]!["incidents"]!["source"] = "statuspage";
        });

        var m = ManifestLoader.Parse(json, "router.json").Manifest!;

        Assert.Equal(new PlatformSpec { Kind = "heroku", Pipeline = "p-123", Timeout = TimeSpan.FromMinutes(5) }, m.Platform);
        Assert.Equal("statuspage", m.Checks.Incidents!.Source);
    }

    [Fact]
    public void Comments_and_trailing_commas_are_tolerated()
    {
        var json = """
            // billing
            { "service": "billing", "stages": [ { "name": "s", "targets": ["a",], }, ], }
            """;

        Assert.True(ManifestLoader.Parse(json, "billing.json").Succeeded);
    }

    [Fact]
    public void Directory_load_skips_a_broken_manifest_and_loads_the_others()
    {
        using var dir = new TempDirectory();
        dir.Write("a.json", ManifestSamples.Minimal("alpha"));
        dir.Write("b.json", """{ "service": "beta", "stages": [ { "name": "s", "targets": [] } ] }""");
        dir.Write("c.json", ManifestSamples.Minimal("gamma"));
        dir.Write("manifest.schema.json", ManifestSchema.Text);
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
        using var dir = new TempDirectory();
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

    [Fact]
    public void Error_to_string_is_file_path_message()
    {
        Assert.Equal("a.json: $.stages[1].targets: must not be empty", new ManifestError("a.json", "$.stages[1].targets", "must not be empty").ToString());
    }
}
