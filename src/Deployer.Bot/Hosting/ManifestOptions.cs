using System.ComponentModel.DataAnnotations;

namespace Deployer.Bot.Hosting;

/// <summary>Where manifests are read from (section <c>Manifests</c>).</summary>
public sealed class ManifestOptions
{
    public const string Section = "Manifests";

    /// <summary>The folder of <c>*.json</c> manifests, relative to the content root.</summary>
    [Required(AllowEmptyStrings = false, ErrorMessage = "Manifests:Path must name the manifest folder, e.g. manifests/")]
    public string Path { get; set; } = "manifests/";

    /// <summary>How often the folder is checked for edited, added or removed manifests.</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "01:00:00", ErrorMessage = "Manifests:ReloadInterval must be between 50ms and 1 hour")]
    public TimeSpan ReloadInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>The largest manifest file read, in bytes; a larger one is refused by its size before it is read.</summary>
    [Range(1024, 64L << 20, ErrorMessage = "Manifests:MaxFileBytes must be between 1024 and 67108864 bytes")]
    public long MaxFileBytes { get; set; } = Integrations.ManifestFiles.ManifestLoader.DefaultMaxFileBytes;
}
