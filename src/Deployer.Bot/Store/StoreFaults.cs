namespace Deployer.Bot.Store;

/// <summary>
/// Named points between two writes of one transaction, where tests crash the store to prove the transaction holds:
/// a child process started with <c>DEPLOYER_CRASH_AT=&lt;point&gt;</c> ends there at once (it sends itself SIGKILL: no
/// cleanup, and no other thread runs on, as with a kill -9; <see cref="Environment.FailFast(string)"/> let other threads
/// go on while it wrote its report, so a delivery pass could tell what the crash was meant to leave queued); in-process tests throw there through <see cref="InThisFlow"/>. Unset, a point costs
/// one comparison.
/// </summary>
internal static class StoreFaults
{
    /// <summary>After the decision is written, before its announcement is queued.</summary>
    public const string DecisionSaved = "decision-saved";

    /// <summary>After a promotion intent is written, before its "started" audit entry.</summary>
    public const string PromotionBegun = "promotion-begun";

    /// <summary>After Slack accepted an outbox post, before the outbox records it as sent.</summary>
    public const string SlackPosted = "slack-posted";

    /// <summary>After a promotion intent is completed, before its outcome's audit entry.</summary>
    public const string PromotionCompleted = "promotion-completed";

    /// <summary>After a promotion's completion (with its entry and announcement) is committed, before its decision is stored.</summary>
    public const string PromotionCompletionCommitted = "promotion-completion-committed";

    /// <summary>After a stage's verification is written, before its announcement is queued.</summary>
    public const string VerificationSaved = "verification-saved";

    /// <summary>After a "blocked too long" mention is recorded, before it is queued.</summary>
    public const string BlockedNoticeSaved = "blocked-notice-saved";

    private static readonly string? CrashAt = Environment.GetEnvironmentVariable("DEPLOYER_CRASH_AT");
    private static readonly AsyncLocal<Action<string>?> Hook = new();

    /// <summary>Runs <paramref name="hook"/> at every point reached from this async flow (tests only).</summary>
    public static IDisposable InThisFlow(Action<string> hook)
    {
        Hook.Value = hook;
        return new Reset();
    }

    public static void Hit(string point)
    {
        if (CrashAt is not null && string.Equals(CrashAt, point, StringComparison.Ordinal))
        {
            var message = $"DEPLOYER_CRASH_AT={point}: crashing on purpose";
            Console.Error.WriteLine(message);
            Console.Error.Flush();
            using (var self = System.Diagnostics.Process.GetCurrentProcess())
            {
                self.Kill();
            }

            Environment.FailFast(message);
        }

        Hook.Value?.Invoke(point);
    }

    private sealed class Reset : IDisposable
    {
        public void Dispose() => Hook.Value = null;
    }
}
