using System.Diagnostics.Metrics;
using Deployer.Core.Decisions;
using Deployer.Core.Engine;

namespace Deployer.Bot.Telemetry;

/// <summary>The bot's instruments on the meter <see cref="MeterName"/>, exported at <c>/metrics</c>.</summary>
public sealed class DeployerMetrics
{
    public const string MeterName = "Deployer";

    private static readonly InstrumentAdvice<double> Seconds = new()
    {
        HistogramBucketBoundaries = [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120],
    };

    private readonly Histogram<double> _cycleDuration;
    private readonly Counter<long> _cycles;
    private readonly Counter<long> _decisions;
    private readonly Counter<long> _checkResults;
    private readonly Counter<long> _promotions;
    private readonly Histogram<double> _outsideCallDuration;
    private readonly Histogram<double> _checkDuration;
    private readonly Counter<long> _outsideCallErrors;
    private readonly Counter<long> _dirtyEvaluations;
    private Func<long>? _openHolds;
    private Func<long>? _outboxDepth;
    private Func<SweepReport>? _sweep;
    private Func<TimeSpan?>? _oldestSnapshot;
    private Func<long?>? _herokuBudget;

    public DeployerMetrics(IMeterFactory meters)
    {
        ArgumentNullException.ThrowIfNull(meters);
        var meter = meters.Create(MeterName);
        _cycleDuration = meter.CreateHistogram("deployer.cycle.duration", "s", "How long one promotion cycle took", advice: Seconds);
        _cycles = meter.CreateCounter<long>("deployer.cycles", "{cycle}", "Promotion cycles run, by result (ok, errors, failed)");
        _decisions = meter.CreateCounter<long>("deployer.decisions", "{decision}", "Pair decisions made, by decision kind and service");
        _checkResults = meter.CreateCounter<long>("deployer.check.results", "{result}", "Check results, by check and outcome");
        _checkDuration = meter.CreateHistogram("deployer.check.duration", "s", "How long each check took to answer for one pair, by check", advice: Seconds);
        _promotions = meter.CreateCounter<long>("deployer.promotions", "{promotion}", "Promotions, by result (succeeded, failed) and service");
        _outsideCallDuration = meter.CreateHistogram("deployer.outside_call.duration", "s", "Calls to outside systems, by system and operation", advice: Seconds);
        _outsideCallErrors = meter.CreateCounter<long>("deployer.outside_call.errors", "{error}", "Failed calls to outside systems, by system and operation");
        meter.CreateObservableGauge("deployer.holds.open", () => Observe(_openHolds), "{hold}", "Holds in force");
        meter.CreateObservableGauge("deployer.outbox.depth", () => Observe(_outboxDepth), "{message}", "Notifications waiting in the outbox");
        _dirtyEvaluations = meter.CreateCounter<long>("deployer.dirty.evaluations", "{evaluation}", "Pipelines evaluated alone because a webhook (or the local simulator) said they changed");
        meter.CreateObservableGauge("deployer.sweep.read", () => Observe(_sweep is null ? null : () => _sweep().Read), "{pipeline}", "Pipelines the last cycle's sweep read");
        meter.CreateObservableGauge("deployer.sweep.skipped", () => Observe(_sweep is null ? null : () => _sweep().Skipped), "{pipeline}", "Pipelines the last cycle left unread to keep within the platform's API budget");
        meter.CreateObservableGauge("deployer.snapshot.oldest_age", ObserveOldest, "s", "Age of the oldest pipeline snapshot (a pipeline never read well counts from the first sweep)");
        meter.CreateObservableGauge("deployer.heroku.budget.remaining", ObserveHerokuBudget, "{call}", "Heroku API calls left (estimate: last RateLimit-Remaining plus refill since)");
    }

    /// <summary>Where the open-holds gauge reads from.</summary>
    public void ObserveOpenHolds(Func<long> count) => _openHolds = count;

    /// <summary>Hook for the notification outbox: where the outbox-depth gauge reads from.</summary>
    public void ObserveOutboxDepth(Func<long> depth) => _outboxDepth = depth;

    /// <summary>Where the sweep gauges read from: the last sweep, and the oldest snapshot's age now.</summary>
    public void ObserveSweep(Func<SweepReport> last, Func<TimeSpan?> oldestSnapshot)
    {
        _sweep = last;
        _oldestSnapshot = oldestSnapshot;
    }

    /// <summary>Where the Heroku budget gauge reads from (null: not known yet).</summary>
    public void ObserveHerokuBudget(Func<long?> remaining) => _herokuBudget = remaining;

    public void CycleCompleted(CycleReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        _cycleDuration.Record(report.Duration.TotalSeconds);
        _cycles.Add(1, new KeyValuePair<string, object?>("result", report.Errors.Count == 0 ? "ok" : "errors"));
        Decided(report);
    }

    /// <summary>A pipeline evaluated alone after a webhook: its decisions and promotions count like a cycle's.</summary>
    public void DirtyEvaluated(CycleReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        _dirtyEvaluations.Add(1);
        Decided(report);
    }

    private void Decided(CycleReport report)
    {
        foreach (var decision in report.Decisions)
        {
            _decisions.Add(1, new("decision", decision.Kind.ToString()), new("service", decision.Service));
            foreach (var check in decision.Checks)
            {
                _checkResults.Add(1, new("check", check.Check), new("outcome", check.OutcomeLabel));
            }

            // One sample per check run: the alert check answers with one result per watched alert, all sharing the duration.
            foreach (var run in decision.Checks.Where(c => c.Duration is not null).DistinctBy(c => c.Check))
            {
                _checkDuration.Record(run.Duration!.Value.TotalSeconds, new KeyValuePair<string, object?>("check", run.Check));
            }

            if (decision.Kind is DecisionKind.Promoted or DecisionKind.Failed)
            {
                _promotions.Add(1, new("result", decision.Kind == DecisionKind.Promoted ? "succeeded" : "failed"), new("service", decision.Service));
            }
        }
    }

    public void CycleFailed(TimeSpan duration)
    {
        _cycleDuration.Record(duration.TotalSeconds);
        _cycles.Add(1, new KeyValuePair<string, object?>("result", "failed"));
    }

    /// <summary>Records one outside call; <paramref name="error"/> counts it as failed.</summary>
    /// <summary>The last success and failure of each outside system, for <c>/healthz</c>.</summary>
    public OutsideSourceStatus Sources { get; } = new();

    public void OutsideCall(string system, string operation, TimeSpan duration, bool error)
    {
        _outsideCallDuration.Record(duration.TotalSeconds, new("system", system), new("operation", operation), new("result", error ? "error" : "ok"));
        if (error)
        {
            _outsideCallErrors.Add(1, new("system", system), new("operation", operation));
        }
    }

    private IEnumerable<Measurement<double>> ObserveOldest() =>
        _oldestSnapshot?.Invoke() is { } age ? [new Measurement<double>(age.TotalSeconds)] : [];

    private IEnumerable<Measurement<long>> ObserveHerokuBudget() =>
        _herokuBudget?.Invoke() is { } remaining ? [new Measurement<long>(remaining)] : [];

    private static IEnumerable<Measurement<long>> Observe(Func<long>? read)
    {
        if (read is null)
        {
            return [];
        }

        return [new Measurement<long>(read())];
    }
}
