using LiteDB;
using Microsoft.Extensions.Logging;

namespace Deployer.Bot.Health;

/// <summary>
/// Remembers that the store failed while running (a damaged page met by a job, the file gone). Once damaged it stays so
/// until a restart re-checks the file: jobs are vetoed (no promotions without a ledger) and <c>/healthz</c> says 503.
/// </summary>
public sealed class StoreMonitor(ILogger<StoreMonitor> logger)
{
    private string? _damage;

    /// <summary>Why the store is considered damaged, or null.</summary>
    public string? Damage => Volatile.Read(ref _damage);

    /// <summary>Records <paramref name="exception"/> as store damage when it came from LiteDB (or the file under it).</summary>
    public bool Observe(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        if (!IsStoreFailure(exception))
        {
            return false;
        }

        if (Interlocked.CompareExchange(ref _damage, exception.Message, null) is null)
        {
            logger.LogCritical(exception, "The store failed: {Reason}. Jobs are stopped (no promotions without a ledger) until the store is repaired or restored and the bot restarted", exception.Message);
        }

        return true;
    }

    /// <summary>
    /// Reads the store's header (cheap: LiteDB keeps it in memory while the file is fine); a failure marks the store
    /// damaged. True while the store is usable.
    /// </summary>
    public bool Probe(LiteDatabase database)
    {
        ArgumentNullException.ThrowIfNull(database);
        if (Damage is not null)
        {
            return false;
        }

        try
        {
            _ = database.GetCollectionNames().Count();
            return true;
        }
        catch (Exception ex) when (ex is LiteException or ObjectDisposedException or IOException)
        {
            Observe(ex is LiteException ? ex : new LiteException(0, ex.Message));
            return false;
        }
    }

    /// <summary>True for an exception thrown from inside LiteDB, at any depth.</summary>
    public static bool IsStoreFailure(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is LiteException || e.TargetSite?.DeclaringType?.Assembly == typeof(LiteDatabase).Assembly
                || (e.StackTrace?.Contains(" LiteDB.", StringComparison.Ordinal) ?? false))
            {
                return true;
            }
        }

        return false;
    }
}
