using Deployer.Core.Manifests;
using Deployer.Integrations.ManifestFiles;

namespace Deployer.Integrations.Tests.ManifestFiles;

/// <summary>Manifest size is capped before reading.</summary>
public sealed class ManifestLimitsTests
{
    [Fact]
    public void A_file_over_the_limit_is_refused_by_its_size_without_being_read()
    {
        using var dir = new TempDir();
        // Not JSON at all: were it read, the error would be a syntax error.
        dir.Write("huge.json", new string('x', 2 * 1024 * 1024));
        dir.Write("ok.json", ManifestSamples.Minimal("alpha"));

        var result = ManifestLoader.LoadDirectory(dir.Path);

        var error = Assert.Single(result.Errors);
        Assert.Equal("huge.json: $: file is 2,097,152 bytes, over the 1,048,576-byte limit (Manifests:MaxFileBytes); not read", error.ToString());
        Assert.Equal("alpha", Assert.Single(result.Manifests).Service);
    }

    [Fact]
    public void The_limit_is_a_setting()
    {
        using var dir = new TempDir();
        var path = dir.Write("ok.json", ManifestSamples.Minimal("alpha"));

        Assert.Empty(ManifestLoader.LoadFile(path).Errors);
        Assert.Contains("over the 10-byte limit", Assert.Single(ManifestLoader.LoadFile(path, maxFileBytes: 10).Errors).Message, StringComparison.Ordinal);
    }
}
