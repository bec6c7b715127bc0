using LiteDB;

namespace Deployer.Bot.Store;

/// <summary>
/// Runs work in one LiteDB transaction. LiteDB binds a transaction to the calling thread, so the work must be
/// synchronous; a transaction already open on this thread is joined, not nested.
/// </summary>
internal static class LiteDbTransaction
{
    public static T Run<T>(LiteDatabase database, Func<T> work)
    {
        var began = database.BeginTrans();
        try
        {
            var result = work();
            if (began)
            {
                database.Commit();
            }

            return result;
        }
        catch
        {
            if (began)
            {
                database.Rollback();
            }

            throw;
        }
    }

    public static void Run(LiteDatabase database, Action work) => Run(database, () =>
    {
        work();
        return true;
    });
}
