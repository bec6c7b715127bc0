namespace Deployer.Slack.SocketMode;

/// <summary>Exponential reconnect delay: min, 2×min, 4×min… capped at max; reset once a connection is healthy.</summary>
internal sealed class ReconnectBackoff
{
    private readonly TimeSpan _min;
    private readonly TimeSpan _max;
    private int _failures;

    public ReconnectBackoff(TimeSpan min, TimeSpan max)
    {
        _min = min;
        _max = max;
    }

    public TimeSpan Next()
    {
        var factor = Math.Pow(2, Math.Min(_failures, 20));
        _failures++;
        return TimeSpan.FromTicks((long)Math.Min(_min.Ticks * factor, _max.Ticks));
    }

    public void Reset() => _failures = 0;
}
