using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Deployer.Bot.Notifications;
using Deployer.Core.Decisions;
using Deployer.Core.Events;

namespace Deployer.Bot.Telemetry;

/// <summary>
/// Per-pair gauges a team can alert on for a stuck pipeline: how long each pair has been blocked, and when it was last
/// promoted. Fed by every decision change (cycles and force-promotes alike); read at scrape time.
/// </summary>
public sealed class PairGauges : IEventListener
{
    public const string MeterName = "Deployer.Pairs";

    private readonly ConcurrentDictionary<string, PairState> _pairs = new(StringComparer.OrdinalIgnoreCase);
    private readonly TimeProvider _time;

    public PairGauges(IMeterFactory meters, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(meters);
        _time = time;
        var meter = meters.Create(MeterName);
        meter.CreateObservableGauge("deployer.pair.blocked.duration", ObserveBlocked, "s",
            "How long each stage pair has been blocked without a break (0 when it is not blocked)");
        meter.CreateObservableGauge("deployer.pair.last_promotion.time", ObserveLastPromotion, "s",
            "When each stage pair was last promoted, in Unix seconds (pairs promoted since the bot started)");
    }

    public void OnEvent(DeployerEvent deployerEvent)
    {
        if (deployerEvent is DecisionChanged { Current: var current })
        {
            _pairs.AddOrUpdate(current.PairKey, _ => Next(null, current), (_, state) => Next(state, current));
        }
    }

    private static PairState Next(PairState? state, PairDecision d)
    {
        var blocked = d.Kind is DecisionKind.Blocked or DecisionKind.Failed;
        return new PairState(
            d.Service, d.From, d.To,
            BlockedSince: blocked ? state?.BlockedSince ?? d.At : null,
            LastPromotion: d.Kind == DecisionKind.Promoted ? d.At : state?.LastPromotion);
    }

    private IEnumerable<Measurement<double>> ObserveBlocked()
    {
        var now = _time.GetUtcNow();
        foreach (var p in _pairs.Values)
        {
            var seconds = p.BlockedSince is { } since ? Math.Max(0, (now - since).TotalSeconds) : 0;
            yield return new Measurement<double>(seconds, Tags(p));
        }
    }

    private IEnumerable<Measurement<double>> ObserveLastPromotion()
    {
        foreach (var p in _pairs.Values)
        {
            if (p.LastPromotion is { } at)
            {
                yield return new Measurement<double>(at.ToUnixTimeMilliseconds() / 1000.0, Tags(p));
            }
        }
    }

    private static KeyValuePair<string, object?>[] Tags(PairState p) => [new("service", p.Service), new("from", p.From), new("to", p.To)];

    private sealed record PairState(string Service, string From, string To, DateTimeOffset? BlockedSince, DateTimeOffset? LastPromotion);
}
