using System.Collections.Concurrent;
using Deployer.Core.Manifests;
using Deployer.Core.Ports;

namespace Deployer.Core.Tests.Fakes;

/// <summary>Alert states by alert name; an alert with no state set gets no answer.</summary>
public sealed class FakeAlertSource(string source = "alertmanager") : IAlertSource
{
    private int _calls;

    public string Source { get; } = source;
    public int Calls => _calls;
    public ConcurrentDictionary<string, AlertStatus> States { get; } = new(StringComparer.OrdinalIgnoreCase);
    public Exception? Failure { get; set; }

    /// <summary>When set, each call waits for it before answering (a slow or hung source).</summary>
    public Task? Answer { get; set; }

    public IReadOnlyCollection<AlertSpec> LastAsked { get; private set; } = [];

    public FakeAlertSource Ok(string name) => Set(name, AlertState.Ok, "ok");
    public FakeAlertSource Firing(string name, string detail = "firing since 13:50 UTC") => Set(name, AlertState.Firing, detail);

    public FakeAlertSource Set(string name, AlertState state, string detail)
    {
        States[name] = new AlertStatus(state, detail);
        return this;
    }

    public async Task<IReadOnlyDictionary<string, AlertStatus>> GetStatusAsync(IReadOnlyCollection<AlertSpec> specs, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _calls);
        LastAsked = specs;
        if (Answer is { } answer)
        {
            await answer.WaitAsync(cancellationToken);
        }

        if (Failure is { } failure)
        {
            throw failure;
        }

        return specs
            .Where(s => States.ContainsKey(s.Name))
            .ToDictionary(s => s.Key, s => States[s.Name]);
    }
}
