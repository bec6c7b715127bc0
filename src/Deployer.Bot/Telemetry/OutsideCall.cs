namespace Deployer.Bot.Telemetry;

/// <summary>Times one call to an outside system and records it, failed or not.</summary>
internal static class OutsideCall
{
    public static async Task<T> MeasureAsync<T>(DeployerMetrics metrics, TimeProvider time, string system, string operation, Func<Task<T>> call)
    {
        var started = time.GetTimestamp();
        try
        {
            var result = await call();
            metrics.OutsideCall(system, operation, time.GetElapsedTime(started), error: false);
            metrics.Sources.Succeeded(system, time.GetUtcNow());
            return result;
        }
        catch (Exception ex)
        {
            metrics.OutsideCall(system, operation, time.GetElapsedTime(started), error: true);
            metrics.Sources.Failed(system, time.GetUtcNow(), $"{operation}: {ex.Message}");
            throw;
        }
    }
}
