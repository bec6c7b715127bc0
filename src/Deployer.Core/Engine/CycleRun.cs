using System.Collections.Concurrent;
using Deployer.Core.Decisions;
using Deployer.Core.Holds;

namespace Deployer.Core.Engine;

/// <summary>What one cycle, plan or dirty evaluation gathers while its pipelines are decided in parallel.</summary>
internal sealed class CycleRun(long started, DateTimeOffset now, CycleSources sources)
{
    private readonly ConcurrentBag<(int Order, PairDecision Decision)> _decisions = [];
    private readonly ConcurrentBag<string> _errors = [];
    private ILookup<string, Hold> _holds = Array.Empty<Hold>().ToLookup(h => h.Service, StringComparer.OrdinalIgnoreCase);
    private int _changed;

    public long Started => started;

    public DateTimeOffset Now => now;

    public CycleSources Sources => sources;

    public string? HoldsError { get; private set; }

    public void UseHolds(IReadOnlyList<Hold> holds, string? error)
    {
        _holds = holds.ToLookup(h => h.Service, StringComparer.OrdinalIgnoreCase);
        HoldsError = error;
        if (error is not null)
        {
            _errors.Add($"cannot read holds: {error}");
        }
    }

    public IReadOnlyList<Hold> HoldsFor(string service) => _holds[service].ToList();

    public void Add(int order, PairDecision decision) => _decisions.Add((order, decision));

    public void Error(string error) => _errors.Add(error);

    public void Changed() => Interlocked.Increment(ref _changed);

    public CycleReport Report(TimeSpan duration) =>
        new(_decisions.OrderBy(d => d.Order).Select(d => d.Decision).ToList(), _errors.ToList(), duration, sources.OutsideCalls)
        {
            Changed = Volatile.Read(ref _changed),
        };
}
