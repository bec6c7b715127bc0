using System.ComponentModel.DataAnnotations;

namespace Deployer.Bot.Hosting;

/// <summary>Where manifests are read from (section <c>Manifests</c>).</summary>
public sealed class ManifestOptions
{
    public const string Section = "Manifests";

    /// <summary>The folder of <c>*.json</c> manifests, relative to the content root.</summary>
    [Required(AllowEmptyStrings = false, ErrorMessage = "Manifests:Path must name the manifest folder, e.g. manifests/")]
    public string Path { get; set; } = "manifests/";
}
