using Deployer.Integrations.Tests.ManifestFiles;
using Deployer.Integrations.World;

namespace Deployer.Integrations.Tests.World;

/// <summary>The world-file schema in use is the one file in manifests/, and every world file the repository ships follows it.</summary>
public sealed class WorldSchemaTests
{
    [Fact]
    public void The_schema_in_use_is_the_file_in_manifests()
    {
        Assert.Equal(File.ReadAllText(Path.Combine(RepoPaths.ManifestsDirectory, "world.schema.json")), WorldSchema.Text);
        Assert.Contains(WorldSchema.ResourceName, typeof(WorldSchema).Assembly.GetManifestResourceNames());
    }

    [Theory]
    [InlineData("local-world.json")]
    [InlineData("manifests/examples/worlds/samples.json")]
    public void Every_shipped_world_file_parses(string file)
    {
        var result = WorldFile.Load(Path.Combine(RepoPaths.Root, file));

        Assert.True(result.Succeeded, string.Join("\n", result.Errors));
    }
}
