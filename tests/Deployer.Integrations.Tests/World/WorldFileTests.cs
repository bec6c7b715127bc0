using Deployer.Core.Ports;
using Deployer.Core.Releases;
using Deployer.Integrations.World;

namespace Deployer.Integrations.Tests.World;

public sealed class WorldFileTests
{
    private static WorldFileError SingleError(string json)
    {
        var result = WorldFile.Parse(json, "world.json");
        Assert.False(result.Succeeded);
        Assert.Null(result.World);
        return Assert.Single(result.Errors);
    }

    [Fact]
    public void Parses_the_documented_world()
    {
        var world = WorldSamples.Parse(WorldSamples.Documented);

        Assert.Equal(new DateTimeOffset(2026, 11, 26, 12, 0, 0, TimeSpan.Zero), world.Now);
        var release = world.Releases["ROUTER-STAGING-US"];
        Assert.Equal(41, release.Version);
        Assert.Equal("9f1c2ab", release.Commit);
        Assert.Equal("main", release.Branch);
        Assert.Equal(new DateTimeOffset(2026, 11, 26, 10, 0, 0, TimeSpan.Zero), release.CreatedAt);
        Assert.Equal(ReleaseStatus.Succeeded, release.Status);
        Assert.Equal("v41", release.Id);

        var alert = Assert.Single(world.Alerts);
        Assert.Equal("RouterDown", alert.Labels["alertname"]);
        Assert.True(alert.IsActive);
        Assert.Equal([106L], world.Librato.Firing);
        Assert.Equal(new Incident("Q1", "PROUTER", "triggered", "5xx spike"), Assert.Single(world.Incidents));

        var test = Assert.Single(world.Tests["9f1c2ab"]);
        Assert.Equal(new TestResult("direwolf", "9f1c2ab", TestRunStatus.Passed, new DateTimeOffset(2026, 11, 26, 11, 0, 0, TimeSpan.Zero)), test);
        Assert.Equal(["main"], world.Branches["9f1c2ab"]);

        var hold = Assert.Single(world.Holds);
        Assert.Equal(("router", "production", "db migration", "U0ALICE"), (hold.Service, hold.Stage, hold.Reason, hold.By));
        Assert.Equal(new DateTimeOffset(2026, 11, 26, 18, 0, 0, TimeSpan.Zero), hold.Until);
        Assert.Equal(world.Now, hold.CreatedAt);
    }

    [Fact]
    public void Every_field_is_optional()
    {
        var world = WorldSamples.Parse("{}");

        Assert.Null(world.Now);
        Assert.Empty(world.Releases);
        Assert.Empty(world.Alerts);
        Assert.Empty(world.Librato.Firing);
        Assert.Empty(world.Incidents);
        Assert.Empty(world.Tests);
        Assert.Empty(world.Branches);
        Assert.Empty(world.Holds);
    }

    [Fact]
    public void Tests_may_list_several_suites_per_commit()
    {
        var world = WorldSamples.Parse("""
            { "tests": { "abc1234": [ { "suite": "unit", "status": "passed" }, { "suite": "e2e", "status": "pending" } ] } }
            """);

        Assert.Equal([("unit", TestRunStatus.Passed), ("e2e", TestRunStatus.Pending)], world.Tests["abc1234"].Select(t => (t.Suite, t.Status)));
    }

    [Fact]
    public void Alert_state_defaults_to_active_and_other_alertmanager_fields_are_ignored()
    {
        var world = WorldSamples.Parse("""
            { "alerts": [ { "labels": { "alertname": "A" }, "annotations": { "summary": "s" }, "fingerprint": "f" },
                          { "labels": { "alertname": "B" }, "state": "suppressed" } ] }
            """);

        Assert.Equal([true, false], world.Alerts.Select(a => a.IsActive));
    }

    [Fact]
    public void Invalid_json_is_reported_with_its_line() =>
        Assert.Contains("line 1", SingleError("{ \"now\": }").Message, StringComparison.Ordinal);

    [Fact]
    public void Root_must_be_an_object() =>
        Assert.Equal("world.json: $: must be an object, not an array", SingleError("[1]").ToString());

    [Fact]
    public void Release_without_commit_names_its_target()
    {
        var error = SingleError("""{ "releases": { "api-prod": { "version": 3 } } }""");

        Assert.Equal("$.releases['api-prod']", error.Path);
        Assert.Equal("missing required property 'commit'", error.Message);
    }

    [Fact]
    public void Bad_release_status_lists_the_allowed_ones()
    {
        var error = SingleError("""{ "releases": { "a": { "commit": "abc", "status": "done" } } }""");

        Assert.Equal("$.releases.a.status", error.Path);
        Assert.Contains("'done' is not one of: succeeded, pending, failed", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Timestamp_without_offset_is_rejected()
    {
        var error = SingleError("""{ "now": "2026-11-26 12:00" }""");

        Assert.Equal("$.now", error.Path);
        Assert.Contains("ISO 8601", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_top_level_field_is_rejected() =>
        Assert.Equal("world.json: $.relases: unknown property 'relases'", SingleError("""{ "relases": {} }""").ToString());

    [Fact]
    public void Targets_differing_only_in_case_are_one_target_listed_twice()
    {
        var error = SingleError("""{ "releases": { "api": { "commit": "abc1234" }, "API": { "commit": "def5678" } } }""");

        Assert.Equal("world.json: $.releases.API: 'API' is listed twice", error.ToString());
    }

    [Fact]
    public void A_date_the_pattern_lets_through_but_no_calendar_has_is_rejected_at_its_path()
    {
        var error = SingleError("""{ "holds": [ { "service": "router", "reason": "x", "by": "U1", "until": "2026-13-45T00:00:00Z" } ] }""");

        Assert.Equal("$.holds[0].until", error.Path);
        Assert.Contains("'2026-13-45T00:00:00Z' is not an ISO 8601 timestamp", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Defaults_fill_what_the_file_leaves_out()
    {
        var world = WorldSamples.Parse("""
            { "now": "2026-11-26T12:00:00Z", "releases": { "a": { "commit": "abc1234", "version": 7 } },
              "incidents": [ { "service": "P1" } ], "holds": [ { "id": "h1", "service": "router", "reason": "x", "by": "U1" } ] }
            """);

        var release = world.Releases["A"];
        Assert.Equal(("v7", ReleaseStatus.Succeeded, DateTimeOffset.MinValue), (release.Id, release.Status, release.CreatedAt));
        Assert.Equal(new Incident("I1", "P1", "triggered", ""), Assert.Single(world.Incidents));
        var hold = Assert.Single(world.Holds);
        Assert.Equal(("h1", world.Now!.Value, (string?)null), (hold.Id, hold.CreatedAt, hold.Stage));
    }

    [Fact]
    public void Test_result_in_an_array_reports_its_index()
    {
        var error = SingleError("""{ "tests": { "abc": [ { "suite": "a", "status": "passed" }, { "suite": "b", "status": "green" } ] } }""");

        Assert.Equal("$.tests.abc[1].status", error.Path);
    }

    [Fact]
    public void Non_integer_librato_id_is_rejected() =>
        Assert.Equal("$.librato.firing[0]", SingleError("""{ "librato": { "firing": ["106"] } }""").Path);

    [Fact]
    public void Hold_without_author_is_rejected() =>
        Assert.Equal("$.holds[0]", SingleError("""{ "holds": [ { "service": "router", "reason": "x" } ] }""").Path);

    [Fact]
    public void All_problems_are_reported_together()
    {
        var result = WorldFile.Parse("""{ "now": 5, "incidents": [ { "id": "x" } ], "branches": { "abc": "main" } }""", "w.json");

        Assert.Equal(["$.branches.abc", "$.incidents[0]", "$.now"], result.Errors.Select(e => e.Path).Order());
    }

    [Fact]
    public void GetWorldOrThrow_throws_with_every_error() =>
        Assert.Contains("$.now", Assert.Throws<InvalidDataException>(() => WorldFile.Parse("""{ "now": 1 }""", "w.json").GetWorldOrThrow()).Message, StringComparison.Ordinal);
}
