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
    /// <summary>The transaction this thread's outermost <see cref="Run{T}"/> opened, with what waits for its end.</summary>
    [ThreadStatic]
    private static Scope? _current;

    public static T Run<T>(LiteDatabase database, Func<T> work)
    {
        var began = database.BeginTrans();
        var outer = _current;
        Scope? scope = null;
        if (began)
        {
            scope = new Scope(database);
            _current = scope;
        }

        var committed = false;
        try
        {
            var result = work();
            if (began)
            {
                database.Commit();
            }

            committed = true;
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
        finally
        {
            if (scope is not null)
            {
                _current = outer;
                scope.End(committed);
            }
        }
    }

    public static void Run(LiteDatabase database, Action work) => Run(database, () =>
    {
        work();
        return true;
    });

    /// <summary>
    /// Calls <paramref name="ended"/> (true: committed; false: rolled back) when the transaction this thread has open on
    /// <paramref name="database"/> through <see cref="Run{T}"/> ends. False, and nothing registered, when there is none.
    /// </summary>
    public static bool OnEnd(LiteDatabase database, Action<bool> ended)
    {
        if (_current is not { } scope || !ReferenceEquals(scope.Database, database))
        {
            return false;
        }

        scope.Add(ended);
        return true;
    }

    private sealed class Scope(LiteDatabase database)
    {
        private List<Action<bool>>? _ended;

        public LiteDatabase Database { get; } = database;

        public void Add(Action<bool> ended) => (_ended ??= []).Add(ended);

        public void End(bool committed)
        {
            foreach (var ended in _ended ?? [])
            {
                ended(committed);
            }
        }
    }
}
