using System.Diagnostics.Metrics;
using Deployer.Bot.Telemetry;
using Deployer.Core.Decisions;
using Deployer.Core.Events;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Deployer.Bot.Tests.Telemetry;

public sealed class PairGaugesTests : IDisposable
{
    private static readonly DateTimeOffset Start = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);
    private readonly FakeTimeProvider _time = new(Start);
    private readonly ServiceProvider _services = new ServiceCollection().AddMetrics().BuildServiceProvider();
    private readonly PairGauges _gauges;

    public PairGaugesTests() => _gauges = new PairGauges(_services.GetRequiredService<IMeterFactory>(), _time);

    [Fact]
    public async Task Blocked_duration_counts_from_the_first_blocked_decision_and_resets_when_it_clears()
    {
        await Change(DecisionKind.Blocked, Start);
        _time.Advance(TimeSpan.FromMinutes(5));
        await Change(DecisionKind.Blocked, _time.GetUtcNow());
        _time.Advance(TimeSpan.FromMinutes(5));

        Assert.Equal(600, Read("deployer.pair.blocked.duration"));

        await Change(DecisionKind.InSync, _time.GetUtcNow());
        Assert.Equal(0, Read("deployer.pair.blocked.duration"));
        Assert.Null(ReadOrNull("deployer.pair.last_promotion.time"));
    }

    [Fact]
    public async Task Last_promotion_is_the_unix_time_of_the_promoted_decision()
    {
        var at = Start.AddMinutes(3);
        await Change(DecisionKind.Promoted, at);
        await Change(DecisionKind.InSync, at.AddMinutes(1));

        Assert.Equal(at.ToUnixTimeSeconds(), Read("deployer.pair.last_promotion.time"));
    }

    private Task Change(DecisionKind kind, DateTimeOffset at)
    {
        _gauges.OnEvent(DecisionChanged.Of(null, new PairDecision { Service = "router", From = "staging", To = "production", Kind = kind, At = at }));
        return Task.CompletedTask;
    }

    private double Read(string instrument) => ReadOrNull(instrument) ?? throw new InvalidOperationException($"{instrument} reported nothing");

    private double? ReadOrNull(string instrument)
    {
        // Only this test's meter: hosts of other tests running in parallel publish the same instrument names.
        var mine = _services.GetRequiredService<IMeterFactory>();
        double? value = null;
        using var listener = new MeterListener
        {
            InstrumentPublished = (i, l) =>
            {
                if (i.Meter.Name == PairGauges.MeterName && i.Name == instrument && ReferenceEquals(i.Meter.Scope, mine))
                {
                    l.EnableMeasurementEvents(i);
                }
            },
        };
        listener.SetMeasurementEventCallback<double>((_, measurement, tags, _) =>
        {
            Assert.Contains(tags.ToArray(), t => t.Key == "service" && (string?)t.Value == "router");
            value = measurement;
        });
        listener.Start();
        listener.RecordObservableInstruments();
        return value;
    }

    public void Dispose() => _services.Dispose();
}
