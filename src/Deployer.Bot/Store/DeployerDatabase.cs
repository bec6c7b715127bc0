using LiteDB;

namespace Deployer.Bot.Store;

/// <summary>Opens the one LiteDB file every store shares.</summary>
public static class DeployerDatabase
{
    /// <summary>
    /// Opens (creating the folder if needed) <paramref name="path"/> in Direct mode: one <see cref="LiteDatabase"/> per
    /// process, thread-safe, shared by every store. Each write is its own transaction, committed to the log file before
    /// it returns, so a hard kill loses nothing that was written.
    /// </summary>
    public static LiteDatabase Open(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var full = System.IO.Path.GetFullPath(path);
        if (System.IO.Path.GetDirectoryName(full) is { Length: > 0 } folder)
        {
            Directory.CreateDirectory(folder);
        }

        return new LiteDatabase(new ConnectionString { Filename = full, Connection = ConnectionType.Direct }, NewMapper());
    }

    /// <summary>An in-memory database (for <c>plan</c>, which records nothing).</summary>
    public static LiteDatabase InMemory() => new(new MemoryStream(), NewMapper());

    private static BsonMapper NewMapper() => new() { EmptyStringToNull = false, TrimWhitespace = false };
}
