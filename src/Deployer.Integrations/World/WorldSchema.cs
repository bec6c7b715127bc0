namespace Deployer.Integrations.World;

/// <summary>The world file's JSON Schema: <c>manifests/world.schema.json</c>, embedded at build time.</summary>
public static class WorldSchema
{
    /// <summary>The embedded resource's name (see Deployer.Integrations.csproj).</summary>
    public const string ResourceName = "Deployer.Integrations.World.world.schema.json";

    /// <summary>The schema's text.</summary>
    public static string Text { get; } = Read();

    private static string Read()
    {
        using var stream = typeof(WorldSchema).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"embedded resource {ResourceName} is missing from {typeof(WorldSchema).Assembly.GetName().Name}");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
