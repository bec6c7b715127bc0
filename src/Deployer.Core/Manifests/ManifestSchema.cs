namespace Deployer.Core.Manifests;

/// <summary>
/// The manifest JSON Schema (draft 2020-12): <c>manifests/manifest.schema.json</c>, embedded at build time, so
/// validation never depends on the working directory and there is no second copy to drift.
/// </summary>
public static class ManifestSchema
{
    /// <summary>The embedded resource's name (see Deployer.Core.csproj).</summary>
    public const string ResourceName = "Deployer.Core.Manifests.manifest.schema.json";

    /// <summary>The schema's text.</summary>
    public static string Text { get; } = Read();

    private static string Read()
    {
        using var stream = typeof(ManifestSchema).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"embedded resource {ResourceName} is missing from {typeof(ManifestSchema).Assembly.GetName().Name}");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
