using System.ComponentModel.DataAnnotations;

namespace Deployer.Bot.Store;

/// <summary>Where the LiteDB file lives (section <c>Store</c>).</summary>
public sealed class StoreOptions
{
    public const string Section = "Store";

    /// <summary>The LiteDB file; relative paths are resolved against the content root.</summary>
    [Required(AllowEmptyStrings = false, ErrorMessage = "Store:Path must name the LiteDB file, e.g. data/deployer.db")]
    public string Path { get; set; } = "data/deployer.db";
}
