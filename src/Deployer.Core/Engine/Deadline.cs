using Deployer.Core.Checks;

namespace Deployer.Core.Engine;

/// <summary>
/// Runs outside work against a deadline kept on the injected clock, without trusting the work to honour its token:
/// past the deadline the work is cancelled, abandoned and observed, and the caller gets a <see cref="TimeoutException"/>
/// whose message is ready for people ("no answer within 10s").
/// </summary>
internal static class Deadline
{
    public static async Task<T> WithinAsync<T>(Func<CancellationToken, Task<T>> work, TimeSpan limit, TimeProvider time, CancellationToken cancellationToken)
    {
        using var abandon = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        Task<T> running;
        try
        {
            running = work(abandon.Token);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // Work that throws before returning its task is as unanswered as work whose task faults.
            running = Task.FromException<T>(ex);
        }

        try
        {
            return await running.WaitAsync(limit, time, cancellationToken);
        }
        catch (TimeoutException)
        {
            await abandon.CancelAsync();
            _ = running.ContinueWith(t => t.Exception, TaskScheduler.Default);
            throw new TimeoutException($"no answer within {Reasons.Duration(limit)}");
        }
    }
}
