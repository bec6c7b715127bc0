using LiteDB;

namespace Deployer.Bot.Store;

/// <summary>Reads a store to prove it readable: quickly at start-up, or every document for <c>store check</c>.</summary>
public static class StoreInspector
{
    /// <summary>
    /// Opens <paramref name="path"/> (creating it when absent) and reads the header, every collection's index and its
    /// first and last documents; a damaged file throws <see cref="StoreDamagedException"/>, never a LiteDB stack trace.
    /// </summary>
    public static LiteDatabase OpenChecked(string path)
    {
        LiteDatabase? database = null;
        try
        {
            database = DeployerDatabase.Open(path);
            foreach (var name in database.GetCollectionNames().ToList())
            {
                var collection = database.GetCollection(name);
                _ = collection.Count();
                _ = collection.Query().OrderBy("_id").Limit(1).FirstOrDefault();
                _ = collection.Query().OrderByDescending("_id").Limit(1).FirstOrDefault();
            }

            return database;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException and not StoreDamagedException)
        {
            database?.Dispose();
            throw new StoreDamagedException(Path.GetFullPath(path), OneLine(ex), ex);
        }
    }

    /// <summary>Reads every document of every collection; returns the counts or throws <see cref="StoreDamagedException"/>.</summary>
    public static (int Collections, long Documents) CheckAll(LiteDatabase database, string path)
    {
        ArgumentNullException.ThrowIfNull(database);
        try
        {
            var collections = 0;
            long documents = 0;
            foreach (var name in database.GetCollectionNames().ToList())
            {
                collections++;
                var collection = database.GetCollection(name);
                var counted = collection.Count();
                long read = 0;
                foreach (var document in collection.FindAll())
                {
                    _ = document.Keys.Count;
                    read++;
                }

                if (read != counted)
                {
                    throw new StoreDamagedException(path, $"collection {name}: the index counts {counted} documents but {read} could be read");
                }

                documents += read;
            }

            return (collections, documents);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException and not StoreDamagedException)
        {
            throw new StoreDamagedException(path, OneLine(ex), ex);
        }
    }

    /// <summary>An exception as one line: LiteDB's own messages, or the type when the message alone misleads.</summary>
    public static string OneLine(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        var message = exception.Message.ReplaceLineEndings(" ");
        return exception is LiteException ? message : $"unreadable data ({exception.GetType().Name}: {message})";
    }
}
