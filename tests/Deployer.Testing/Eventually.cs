using System.Diagnostics;

namespace Deployer.Testing;

/// <summary>Polls a condition until it holds or a deadline passes (no fixed sleeps); a timeout says what was awaited.</summary>
public static class Eventually
{
    private static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(20);
    private static readonly TimeSpan DefaultPoll = TimeSpan.FromMilliseconds(50);

    /// <summary>Probes until <paramref name="done"/> holds for a non-null result and returns it.</summary>
    public static async Task<T> GetAsync<T>(Func<Task<T?>> probe, Func<T, bool> done, string what, TimeSpan? timeout = null, TimeSpan? poll = null)
    {
        var limit = timeout ?? DefaultTimeout;
        var clock = Stopwatch.StartNew();
        T? last = default;
        while (clock.Elapsed < limit)
        {
            last = await probe();
            if (last is not null && done(last))
            {
                return last;
            }

            await Task.Delay(poll ?? DefaultPoll);
        }

        throw new TimeoutException($"timed out after {limit.TotalSeconds:0.#}s waiting for {what}; last seen: {last}");
    }

    public static Task TrueAsync(Func<bool> condition, string what, TimeSpan? timeout = null, TimeSpan? poll = null) =>
        TrueAsync(() => Task.FromResult(condition()), what, timeout, poll);

    public static Task TrueAsync(Func<Task<bool>> condition, string what, TimeSpan? timeout = null, TimeSpan? poll = null) =>
        GetAsync(async () => await condition() ? "yes" : "no", s => s == "yes", what, timeout, poll);
}
