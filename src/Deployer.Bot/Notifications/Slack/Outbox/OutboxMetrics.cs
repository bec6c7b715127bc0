using System.Diagnostics.Metrics;

namespace Deployer.Bot.Notifications.Slack.Outbox;

/// <summary>Publishes the outbox depth as <c>deployer.slack.outbox.depth</c> on the meter <see cref="MeterName"/>.</summary>
internal sealed class OutboxMetrics : IDisposable
{
    public const string MeterName = "Deployer.ChatOps";
    private readonly Meter _meter;

    public OutboxMetrics(IMeterFactory meters, IOutboxStore store)
    {
        _meter = meters.Create(MeterName);
        _meter.CreateObservableGauge("deployer.slack.outbox.depth", () => store.Depth, unit: "{message}", description: "Slack messages waiting in the outbox");
    }

    public void Dispose() => _meter.Dispose();
}
