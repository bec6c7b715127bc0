using System.Text.Json.Nodes;
using Deployer.Core.Manifests;

namespace Deployer.Core.Tests.Manifests;

/// <summary>The command platform's optional <c>platform.rollback</c> (issue 15).</summary>
public sealed class PlatformRollbackManifestTests
{
    private static JsonObject Command(string? rollback)
    {
        var platform = new JsonObject { ["kind"] = "command", ["current"] = "./current.sh", ["promote"] = "./promote.sh" };
        if (rollback is not null)
        {
            platform["rollback"] = rollback;
        }

        return platform;
    }

    [Fact]
    public void Platform_rollback_is_read_when_present_and_null_when_absent()
    {
        var with = ManifestParser.Parse(ManifestSamples.RouterWith(o => o["platform"] = Command("./rollback.sh")), "router.json");
        var without = ManifestParser.Parse(ManifestSamples.RouterWith(o => o["platform"] = Command(null)), "router.json");

        Assert.True(with.Succeeded, string.Join("; ", with.Errors.Select(e => e.Message)));
        Assert.Equal("./rollback.sh", with.Manifest!.Platform.Rollback);
        Assert.True(without.Succeeded);
        Assert.Null(without.Manifest!.Platform.Rollback);
    }

    [Fact]
    public void An_empty_platform_rollback_is_rejected_with_its_path()
    {
        var result = ManifestParser.Parse(ManifestSamples.RouterWith(o => o["platform"] = Command("")), "router.json");

        Assert.False(result.Succeeded);
        Assert.Contains(result.Errors, e => e.Path == "$.platform.rollback");
    }
}
