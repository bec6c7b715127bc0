using Quartz;

namespace Deployer.Bot.Scheduling;

/// <summary>
/// Registers recurring Quartz jobs the way the bot's own are: durable job, one repeating trigger. Use it for extra jobs
/// (e.g. approval expiry): <c>services.AddQuartz(q =&gt; q.AddRecurringJob&lt;MyJob&gt;(MyJob.Key, sp =&gt; interval))</c>.
/// Mark the job <c>[DisallowConcurrentExecution]</c> so a slow run delays the next instead of overlapping it.
/// </summary>
public static class QuartzJobs
{
    /// <param name="quartz">The builder from <c>AddQuartz</c>.</param>
    /// <param name="key">The job's identity; <c>TriggerJob(key)</c> runs it now.</param>
    /// <param name="interval">The interval, read from the container when the scheduler starts (options are validated by then).</param>
    /// <param name="firstAfter">Delay before the first run; null runs it as soon as the scheduler starts.</param>
    public static IQuartzBuilder AddRecurringJob<TJob>(
        this IQuartzBuilder quartz, JobKey key, Func<IServiceProvider, TimeSpan> interval, Func<IServiceProvider, TimeSpan>? firstAfter = null)
        where TJob : class, IJob
    {
        ArgumentNullException.ThrowIfNull(quartz);
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(interval);
        // With a clustered store, a job running on a node that dies is run again by another node (recovery).
        quartz.AddJob<TJob>(j => j.WithIdentity(key).StoreDurably().RequestRecovery());
        quartz.AddTrigger<TJob>((sp, t) =>
        {
            t.ForJob(key).WithIdentity($"{key.Name}-trigger", key.Group);
            var delay = firstAfter?.Invoke(sp) ?? TimeSpan.Zero;
            // Quartz fires on the system clock, so the start time comes from that clock, not an injected (maybe fake) one.
            _ = delay > TimeSpan.Zero ? t.StartAt(TimeProvider.System.GetUtcNow() + delay) : t.StartNow();
            t.WithSchedule(SimpleScheduleBuilder.Create().WithInterval(interval(sp)).RepeatForever().MeasureIntervalFromCompletion(true));
        });
        return quartz;
    }
}
