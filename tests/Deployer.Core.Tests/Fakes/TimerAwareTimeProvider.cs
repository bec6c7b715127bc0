using Microsoft.Extensions.Time.Testing;

namespace Deployer.Core.Tests.Fakes;

/// <summary>
/// A <see cref="FakeTimeProvider"/> that tells a test when a timer with a given due time exists, so the test can
/// advance past it deterministically instead of sleeping.
/// </summary>
public sealed class TimerAwareTimeProvider(DateTimeOffset start) : FakeTimeProvider(start)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<TimeSpan, int> _created = [];
    private readonly List<(TimeSpan Due, int Count, TaskCompletionSource Done)> _waiters = [];

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = base.CreateTimer(callback, state, dueTime, period);
        lock (_gate)
        {
            _created[dueTime] = _created.GetValueOrDefault(dueTime) + 1;
            foreach (var waiter in _waiters.Where(w => w.Due == dueTime && _created[dueTime] >= w.Count).ToList())
            {
                waiter.Done.TrySetResult();
                _waiters.Remove(waiter);
            }
        }

        return timer;
    }

    /// <summary>Completes once <paramref name="count"/> timers due after <paramref name="due"/> have been created in total.</summary>
    public Task TimersCreated(TimeSpan due, int count = 1)
    {
        lock (_gate)
        {
            if (_created.GetValueOrDefault(due) >= count)
            {
                return Task.CompletedTask;
            }

            var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((due, count, done));
            return done.Task.WaitAsync(TimeSpan.FromSeconds(10));
        }
    }
}
