using LiteDB;

namespace Deployer.Bot.Store;

/// <summary>
/// Runs work in one LiteDB transaction. LiteDB binds a transaction to the calling thread, so the work must be
/// synchronous; a transaction already open on this thread is joined, not nested.
/// </summary>
/// <remarks>
/// A transaction takes each collection's write lock when it first writes there and keeps it until it ends, so every
/// transaction that writes more than one collection must take them in one order, or two of them wait on each other
/// until LiteDB's lock timeout (a minute): the state's own collection (promotions, holds, …) first, then
/// <c>audit</c>, then the state that follows it (a decision's row), then <c>notifications</c>, then the Slack outbox.
/// </remarks>
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
