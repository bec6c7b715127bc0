using System.Text.Json.Nodes;
using Deployer.Core.Manifests;

namespace Deployer.Core.Tests.Manifests;

/// <summary>Manifest text to <see cref="ServiceManifest"/>: every part read, defaults and overrides.</summary>
public sealed class ManifestParserTests
{
    [Fact]
    public void Parses_every_part_of_the_documented_example()
    {
        var result = ManifestParser.Parse(ManifestSamples.Router, "router.json");

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
        Assert.Equal(NodaTime.Offset.FromHours(1), window.TimeZone.GetUtcOffset(NodaTime.Instant.FromUtc(2026, 7, 1, 12, 0)));

        var freeze = Assert.Single(m.Checks.Freezes!);
        Assert.Equal(new FreezeSpec(new DateTimeOffset(2026, 12, 20, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2027, 1, 4, 0, 0, 0, TimeSpan.Zero), "holidays"), freeze);
    }

    [Fact]
    public void Stage_checks_override_pipeline_checks_one_by_one()
    {
        var m = ManifestParser.Parse(ManifestSamples.Router, "router.json").Manifest!;

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
        var m = ManifestParser.Parse(ManifestSamples.RouterWith(o => o["branch"] = "release"), "router.json").Manifest!;

        Assert.Equal("release", m.Branch);
        Assert.Equal(new BranchSpec("release", CheckMode.Enforce), m.Checks.Branch);
    }

    [Fact]
    public void Explicit_branch_check_wins_over_top_level_branch()
    {
        var json = ManifestSamples.RouterWith(o => o["checks"]!["branch"] = new JsonObject { ["name"] = "trunk", ["mode"] = "shadow" });

        var m = ManifestParser.Parse(json, "router.json").Manifest!;

        Assert.Equal("main", m.Branch);
        Assert.Equal(new BranchSpec("trunk", CheckMode.Shadow), m.Checks.Branch);
    }

    [Fact]
    public void Without_a_branch_there_is_no_branch_check_and_branch_defaults_to_main()
    {
        var m = ManifestParser.Parse(ManifestSamples.RouterWith(o => o.Remove("branch")), "router.json").Manifest!;

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

        var c = ManifestParser.Parse(json, "router.json").Manifest!.Checks;

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

        var m = ManifestParser.Parse(json, "router.json").Manifest!;

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

        Assert.True(ManifestParser.Parse(json, "billing.json").Succeeded);
    }

    [Fact]
    public void Error_to_string_is_file_path_message()
    {
        Assert.Equal("a.json: $.stages[1].targets: must not be empty", new ManifestError("a.json", "$.stages[1].targets", "must not be empty").ToString());
    }
}
