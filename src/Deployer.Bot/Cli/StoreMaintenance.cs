using Deployer.Bot.Store;
using LiteDB;

namespace Deployer.Bot.Cli;

/// <summary>The work behind <see cref="StoreCommand"/>'s verbs.</summary>
internal static class StoreMaintenance
{
    public static int Check(string path, TextWriter output, TextWriter error)
    {
        if (!File.Exists(path))
        {
            error.WriteLine($"{path}: no such store");
            return 1;
        }

        if (new FileInfo(path).Length == 0)
        {
            error.WriteLine($"{path}: the file is empty (0 bytes): whatever it held is gone; restore the last backup");
            return 1;
        }

        try
        {
            using var database = OpenReadOnly(path);
            var (collections, documents) = StoreInspector.CheckAll(database, path);
            output.WriteLine($"{path}: ok, {collections} collections, {documents} documents");
            return 0;
        }
        catch (StoreDamagedException ex)
        {
            error.WriteLine($"{path}: DAMAGED: {ex.Reason}. Restore the last backup, or run: store repair");
            return 1;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException and not IOException)
        {
            error.WriteLine($"{path}: DAMAGED: {StoreInspector.OneLine(ex)}. Restore the last backup, or run: store repair");
            return 1;
        }
    }

    public static int Repair(string path, TextWriter output, TextWriter error, TimeProvider time)
    {
        if (!File.Exists(path))
        {
            error.WriteLine($"{path}: no such store");
            return 1;
        }

        if (!CanLockExclusively(path))
        {
            error.WriteLine($"{path} is in use (is the bot running?); stop the bot, then repair");
            return 1;
        }

        var kept = $"{path}.damaged-{StoreCommand.Stamp(time)}";
        File.Copy(path, kept);
        var log = LogFile(path);
        if (File.Exists(log))
        {
            File.Copy(log, LogFile(kept));
        }

        long rebuilt;
        try
        {
            using var database = new LiteDatabase(new ConnectionString { Filename = path, Connection = ConnectionType.Direct, AutoRebuild = true });
            rebuilt = database.Rebuild();
            StoreInspector.CheckAll(database, path);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            error.WriteLine($"{path}: the rebuild failed: {StoreInspector.OneLine(ex)}. The damaged file is kept at {kept}; restore the last backup");
            return 1;
        }

        output.WriteLine($"{path}: rebuilt ({rebuilt} bytes); the damaged file is kept at {kept}");
        using (var database = OpenReadOnly(path))
        {
            if (database.CollectionExists("_rebuild_errors") || database.GetCollectionNames().Contains("_rebuild_errors"))
            {
                output.WriteLine($"some documents could not be recovered; LiteDB lists them in the collection _rebuild_errors");
            }
        }

        return Check(path, output, error);
    }

    /// <summary>
    /// Copies every document inside one read transaction (one snapshot, so the copy is consistent while the bot writes),
    /// into a new file that is then checked. Refuses to overwrite an existing file.
    /// </summary>
    public static int Backup(string path, string target, TextWriter output, TextWriter error)
    {
        if (!File.Exists(path))
        {
            error.WriteLine($"{path}: no such store");
            return 1;
        }

        if (File.Exists(target))
        {
            error.WriteLine($"{target} exists; choose a new file");
            return 1;
        }

        long documents = 0;
        var collections = 0;
        using (var source = OpenReadOnly(path))
        using (var copy = new LiteDatabase(new ConnectionString { Filename = target, Connection = ConnectionType.Direct }))
        {
            source.BeginTrans();
            foreach (var name in source.GetCollectionNames().Where(n => !n.StartsWith('$')).ToList())
            {
                collections++;
                var into = copy.GetCollection(name);
                foreach (var batch in source.GetCollection(name).FindAll().Chunk(1000))
                {
                    documents += into.InsertBulk(batch);
                }
            }

            source.Rollback();
            copy.Checkpoint();
        }

        using (var written = OpenReadOnly(target))
        {
            var (checkedCollections, checkedDocuments) = StoreInspector.CheckAll(written, target);
            if (checkedDocuments != documents || checkedCollections != collections)
            {
                error.WriteLine($"{target}: the copy reads back {checkedDocuments} documents, {documents} were written; try again");
                return 1;
            }
        }

        output.WriteLine($"{path}: backed up {documents} documents in {collections} collections to {target}");
        return 0;
    }

    private static LiteDatabase OpenReadOnly(string path) =>
        new(new ConnectionString { Filename = path, Connection = ConnectionType.Direct, ReadOnly = true });

    private static string LogFile(string path) =>
        Path.Combine(Path.GetDirectoryName(path) ?? "", $"{Path.GetFileNameWithoutExtension(path)}-log{Path.GetExtension(path)}");

    private static bool CanLockExclusively(string path)
    {
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.ReadWrite, FileShare.None);
            return true;
        }
        catch (IOException)
        {
            return false;
        }
    }
}
