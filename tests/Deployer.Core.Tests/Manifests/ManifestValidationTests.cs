using System.Text.Json.Nodes;
using Deployer.Core.Manifests;

namespace Deployer.Core.Tests.Manifests;

/// <summary>Each kind of bad manifest is rejected with the file, the JSON path and what is wrong.</summary>
public sealed class ManifestValidationTests
{
    private static ManifestError Rejected(string json, string path)
    {
        var result = ManifestParser.Parse(json, "router.json");

        Assert.False(result.Succeeded);
        Assert.Null(result.Manifest);
        Assert.All(result.Errors, e => Assert.Equal("router.json", e.File));
        return Assert.Single(result.Errors, e => e.Path == path);
    }

    private static void AssertRejected(Action<JsonObject> change, string path, string message)
    {
        var error = Rejected(ManifestSamples.RouterWith(change), path);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Invalid_json_reports_line_and_column() =>
        Assert.Contains("line 2", Rejected("{\n  \"service\": ,\n}", "$").Message, StringComparison.Ordinal);

    [Fact]
    public void Missing_stages_is_rejected() =>
        AssertRejected(o => o.Remove("stages"), "$", "missing required property 'stages'");

    [Fact]
    public void Empty_stage_list_is_rejected() =>
        AssertRejected(o => o["stages"] = new JsonArray(), "$.stages", "must not be empty");

    [Fact]
    public void Stage_without_targets_is_rejected() =>
        AssertRejected(o => o["stages"]![1]!["targets"] = new JsonArray(), "$.stages[1].targets", "must not be empty");

    [Fact]
    public void Duplicate_stage_names_are_rejected() =>
        AssertRejected(o => o["stages"]![1]!["name"] = "Staging", "$.stages[1].name", "duplicate stage name 'Staging'");

    [Fact]
    public void A_target_in_two_stages_is_rejected() =>
        AssertRejected(o => o["stages"]![1]!["targets"]![0] = "router-staging-us", "$.stages[1].targets[0]", "already in stage 'staging'");

    [Fact]
    public void Bad_duration_is_rejected() =>
        AssertRejected(o => o["checks"]!["releaseAge"]!["min"] = "30 minutes", "$.checks.releaseAge.min", "'30 minutes' is not a duration like");

    [Fact]
    public void Bad_duration_in_a_stage_override_is_rejected() =>
        AssertRejected(o => o["stages"]![1]!["checks"]!["releaseAge"]!["min"] = "2x", "$.stages[1].checks.releaseAge.min", "'2x' is not a duration");

    [Fact]
    public void Unknown_timezone_is_rejected() =>
        AssertRejected(o => o["checks"]!["window"]!["timezone"] = "Mars/Olympus", "$.checks.window.timezone", "unknown time zone 'Mars/Olympus'");

    [Fact]
    public void Malformed_hours_are_rejected() =>
        AssertRejected(o => o["checks"]!["window"]!["hours"] = "9-17", "$.checks.window.hours", "'9-17' is not a time range like 09:00-16:00");

    [Fact]
    public void Out_of_range_hours_are_rejected() =>
        AssertRejected(o => o["checks"]!["window"]!["hours"] = "09:00-25:00", "$.checks.window.hours", "is not a time range");

    [Fact]
    public void Window_starting_and_ending_at_the_same_time_is_rejected() =>
        AssertRejected(o => o["checks"]!["window"]!["hours"] = "09:00-09:00", "$.checks.window.hours", "'09:00-09:00' starts and ends at the same time");

    [Fact]
    public void Window_ending_before_it_starts_crosses_midnight()
    {
        var result = ManifestParser.Parse(ManifestSamples.RouterWith(o => o["checks"]!["window"]!["hours"] = "22:00-06:00"), "router.json");

        Assert.True(result.Succeeded, string.Join("; ", result.Errors.Select(e => e.Message)));
        var window = result.Manifest!.Checks.Window!;
        Assert.Equal((new TimeOnly(22, 0), new TimeOnly(6, 0)), (window.Start, window.End));
        Assert.True(window.CrossesMidnight);
    }

    [Fact]
    public void Unknown_day_is_rejected_listing_the_allowed_ones() =>
        AssertRejected(o => o["checks"]!["window"]!["days"]![1] = "Funday", "$.checks.window.days[1]", "'Funday' is not one of: Mon, Tue");

    [Fact]
    public void Freeze_ending_before_it_starts_is_rejected() =>
        AssertRejected(o => o["checks"]!["freezes"]![0]!["to"] = "2026-12-01T00:00:00Z", "$.checks.freezes[0].to", "must end after it starts");

    [Fact]
    public void Freeze_without_offset_is_rejected() =>
        AssertRejected(o => o["checks"]!["freezes"]![0]!["from"] = "2026-12-20", "$.checks.freezes[0].from", "is not an ISO 8601 timestamp");

    [Fact]
    public void Duration_past_the_largest_time_span_is_named_by_its_converter_with_its_path() =>
        AssertRejected(o => o["checks"]!["releaseAge"]!["min"] = "99999999999999999d", "$.checks.releaseAge.min", "'99999999999999999d' is not a duration like 90s");

    [Fact]
    public void Timestamp_the_pattern_lets_through_but_no_calendar_has_is_rejected_with_its_path() =>
        AssertRejected(o => o["checks"]!["freezes"]![0]!["from"] = "2026-13-45T00:00:00Z", "$.checks.freezes[0].from", "'2026-13-45T00:00:00Z' is not an ISO 8601 timestamp");

    [Fact]
    public void Freeze_without_reason_is_rejected() =>
        AssertRejected(o => o["checks"]!["freezes"]![0]!.AsObject().Remove("reason"), "$.checks.freezes[0]", "missing required property 'reason'");

    [Fact]
    public void Unknown_property_is_rejected_by_name() =>
        AssertRejected(o => o["checks"]!["relaseAge"] = new JsonObject { ["min"] = "1m" }, "$.checks.relaseAge", "unknown property 'relaseAge'");

    [Fact]
    public void Wrong_type_is_rejected() =>
        AssertRejected(o => o["owners"] = "@router-team", "$.owners", "must be an array, not a string");

    [Fact]
    public void Unknown_platform_kind_is_rejected() =>
        AssertRejected(o => o["platform"]!["kind"] = "kubernetes", "$.platform.kind", "'kubernetes' is not one of: local, heroku, command, world");

    [Fact]
    public void Heroku_platform_without_pipeline_is_rejected() =>
        AssertRejected(o => o["platform"]!["kind"] = "heroku", "$.platform", "needs 'pipeline'");

    [Fact]
    public void Command_platform_without_commands_is_rejected() =>
        AssertRejected(o => o["platform"] = new JsonObject { ["kind"] = "command", ["current"] = "x" }, "$.platform", "needs both 'current' and 'promote'");

    [Fact]
    public void Invalid_alert_matcher_is_rejected() =>
        AssertRejected(o => o["checks"]!["alerts"]![0]!["matchers"]![0] = "alertname==\"x\"", "$.checks.alerts[0].matchers[0]", "alertname==\"x\"");

    [Fact]
    public void Invalid_matcher_regex_is_rejected() =>
        AssertRejected(o => o["checks"]!["alerts"]![0]!["matchers"]![0] = "alertname=~\"(unclosed\"", "$.checks.alerts[0].matchers[0]", "invalid regex");

    [Fact]
    public void Alertmanager_alert_without_matchers_is_rejected() =>
        AssertRejected(o => o["checks"]!["alerts"]![0]!.AsObject().Remove("matchers"), "$.checks.alerts[0]", "needs 'matchers'");

    [Fact]
    public void Librato_alert_without_id_is_rejected() =>
        AssertRejected(o => o["checks"]!["alerts"]![1]!.AsObject().Remove("alertId"), "$.checks.alerts[1]", "needs 'alertId'");

    [Fact]
    public void Alert_naming_an_unknown_stage_is_rejected() =>
        AssertRejected(o => o["checks"]!["alerts"]![1]!["stages"]![0] = "prod", "$.checks.alerts[1].stages[0]", "unknown stage 'prod'");

    [Fact]
    public void Unknown_alert_source_is_rejected() =>
        AssertRejected(o => o["checks"]!["alerts"]![0]!["source"] = "nagios", "$.checks.alerts[0].source", "'nagios' is not one of: alertmanager, librato");

    [Fact]
    public void Unknown_mode_is_rejected() =>
        AssertRejected(o => o["checks"]!["releaseAge"]!["mode"] = "warn", "$.checks.releaseAge.mode", "'warn' is not one of: enforce, shadow");

    [Fact]
    public void Service_name_with_spaces_is_rejected() =>
        AssertRejected(o => o["service"] = "my router", "$.service", "'my router' is not a name of letters");

    [Fact]
    public void Every_problem_in_a_file_is_reported_at_once()
    {
        var json = ManifestSamples.RouterWith(o =>
        {
            o["checks"]!["window"]!["timezone"] = "Nowhere/Land";
            o["stages"]![0]!["name"] = "production";
        });

        var result = ManifestParser.Parse(json, "router.json");

        Assert.Equal(["$.checks.window.timezone", "$.stages[1].name"], result.Errors.Select(e => e.Path).Order());
    }
}
