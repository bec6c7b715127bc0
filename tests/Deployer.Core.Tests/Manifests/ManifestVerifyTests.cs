using System.Text.Json.Nodes;
using Deployer.Core.Manifests;

namespace Deployer.Core.Tests.Manifests;

/// <summary>The <c>verify</c> block: defaults, pipeline level, stage overrides, <c>false</c>, and its errors.</summary>
public sealed class ManifestVerifyTests
{
    private static ServiceManifest Parsed(Action<JsonObject> change)
    {
        var result = ManifestParser.Parse(ManifestSamples.RouterWith(change), "router.json");
        Assert.True(result.Succeeded, string.Join("\n", result.Errors));
        return result.Manifest!;
    }

    private static ManifestError Rejected(Action<JsonObject> change, string path)
    {
        var result = ManifestParser.Parse(ManifestSamples.RouterWith(change), "router.json");
        Assert.False(result.Succeeded);
        return Assert.Single(result.Errors, e => e.Path == path);
    }

    [Fact]
    public void Without_a_verify_block_every_stage_after_the_first_is_verified_for_ten_minutes_and_held_on_failure()
    {
        var manifest = Parsed(_ => { });

        Assert.Null(manifest.EffectiveVerify(manifest.Stages[0]));
        Assert.Equal(new VerifySpec(TimeSpan.FromMinutes(10), VerifyFailureAction.Hold), manifest.EffectiveVerify(manifest.Stages[1]));
    }

    [Fact]
    public void Pipeline_verify_sets_both_keys()
    {
        var manifest = Parsed(o => o["verify"] = JsonNode.Parse("""{ "for": "15m", "onFailure": "rollback" }"""));

        Assert.Equal(new VerifySpec(TimeSpan.FromMinutes(15), VerifyFailureAction.Rollback), manifest.EffectiveVerify(manifest.Stages[1]));
    }

    [Fact]
    public void A_stage_key_overrides_the_pipeline_and_keeps_the_other_key()
    {
        var manifest = Parsed(o =>
        {
            o["verify"] = JsonNode.Parse("""{ "for": "15m", "onFailure": "rollback" }""");
            o["stages"]![1]!["verify"] = JsonNode.Parse("""{ "for": "1h" }""");
        });

        Assert.Equal(new VerifySpec(TimeSpan.FromHours(1), VerifyFailureAction.Rollback), manifest.EffectiveVerify(manifest.Stages[1]));
    }

    [Fact]
    public void Verify_false_on_a_stage_turns_it_off_there()
    {
        var manifest = Parsed(o => o["stages"]![1]!["verify"] = false);

        Assert.Null(manifest.EffectiveVerify(manifest.Stages[1]));
    }

    [Fact]
    public void Verify_false_on_the_pipeline_can_be_turned_back_on_by_a_stage()
    {
        var manifest = Parsed(o =>
        {
            o["verify"] = false;
            o["stages"]![1]!["verify"] = JsonNode.Parse("""{ "for": "5m" }""");
        });

        Assert.Equal(new VerifySpec(TimeSpan.FromMinutes(5), VerifyFailureAction.Hold), manifest.EffectiveVerify(manifest.Stages[1]));
    }

    [Fact]
    public void Unknown_on_failure_is_named_with_its_path() =>
        Assert.Contains("'undo' is not one of: hold, rollback",
            Rejected(o => o["verify"] = JsonNode.Parse("""{ "onFailure": "undo" }"""), "$.verify.onFailure").Message, StringComparison.Ordinal);

    [Fact]
    public void Bad_duration_in_a_stage_verify_is_named_with_its_path() =>
        Assert.Contains("'ten minutes' is not a duration",
            Rejected(o => o["stages"]![1]!["verify"] = JsonNode.Parse("""{ "for": "ten minutes" }"""), "$.stages[1].verify.for").Message, StringComparison.Ordinal);

    [Fact]
    public void Unknown_verify_key_is_rejected() =>
        Assert.Contains("unknown property 'window'",
            Rejected(o => o["verify"] = JsonNode.Parse("""{ "window": "10m" }"""), "$.verify.window").Message, StringComparison.Ordinal);

    [Fact]
    public void A_zero_window_is_rejected() =>
        Assert.Contains("must be longer than 0s",
            Rejected(o => o["verify"] = JsonNode.Parse("""{ "for": "0m" }"""), "$.verify.for").Message, StringComparison.Ordinal);

    [Fact]
    public void A_string_is_not_a_verify_block() =>
        Assert.Contains("must be",
            Rejected(o => o["verify"] = "yes", "$.verify").Message, StringComparison.Ordinal);
}
