using System.ComponentModel.DataAnnotations;

namespace Deployer.Bot.Store;

/// <summary>Where state lives (section <c>Store</c>): the LiteDB file, or a PostgreSQL database for more than one instance.</summary>
public sealed class StoreOptions
{
    public const string Section = "Store";

    /// <summary><see cref="StoreProvider.LiteDb"/> (default) or <see cref="StoreProvider.PostgreSql"/>.</summary>
    public StoreProvider Provider { get; set; } = StoreProvider.LiteDb;

    /// <summary>The LiteDB file; relative paths are resolved against the content root.</summary>
    [Required(AllowEmptyStrings = false, ErrorMessage = "Store:Path must name the LiteDB file, e.g. data/deployer.db")]
    public string Path { get; set; } = "data/deployer.db";

    /// <summary>
    /// PostgreSQL only, from the environment (<c>Store__ConnectionString</c>): Npgsql keyword form
    /// (<c>Host=…;Database=…;Username=…;Password=…</c>) or a <c>postgres://</c> URL such as Heroku's <c>DATABASE_URL</c>.
    /// </summary>
    public string? ConnectionString { get; set; }
}
