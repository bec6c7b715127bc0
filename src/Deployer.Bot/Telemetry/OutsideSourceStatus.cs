using System.Collections.Concurrent;

namespace Deployer.Bot.Telemetry;

/// <summary>Per outside system (<c>platform:heroku</c>, <c>alerts:alertmanager</c>…): its last success and last failure.</summary>
public sealed class OutsideSourceStatus
{
    private readonly ConcurrentDictionary<string, Entry> _systems = new(StringComparer.Ordinal);

    /// <summary>Every system called so far, by name.</summary>
    public IReadOnlyDictionary<string, Entry> Systems => _systems;

    public void Succeeded(string system, DateTimeOffset at) =>
        _systems.AddOrUpdate(system, _ => new Entry(at, null, null), (_, e) => e with { LastSuccessAt = at });

    public void Failed(string system, DateTimeOffset at, string error) =>
        _systems.AddOrUpdate(system, _ => new Entry(null, at, error), (_, e) => e with { LastErrorAt = at, LastError = error });

    /// <summary>One system's last success and failure.</summary>
    public sealed record Entry(DateTimeOffset? LastSuccessAt, DateTimeOffset? LastErrorAt, string? LastError)
    {
        /// <summary>The last call failed (no success since the last failure).</summary>
        public bool Failing => LastErrorAt is { } e && (LastSuccessAt is not { } s || e > s);
    }
}
