using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Threading.Channels;
using Deployer.Bot.Dashboard.Live;

namespace Deployer.Bot.Dashboard;

/// <summary>
/// One open page's <c>/events</c> stream: a <c>change</c> event per changed pair, hold or force request (of one
/// service when asked), <c>resync</c> when the page fell behind and must redraw, and a <c>ping</c> now and then so
/// idle connections stay open through proxies.
/// </summary>
internal static class EventStream
{
    public static readonly TimeSpan Heartbeat = TimeSpan.FromSeconds(25);
    private static readonly TimeSpan Retry = TimeSpan.FromSeconds(2);
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static async IAsyncEnumerable<SseItem<string>> ReadAsync(
        ChangeSubscription subscription, string? service, TimeProvider time, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using (subscription)
        {
            yield return new SseItem<string>("{}", "hello") { ReconnectionInterval = Retry };
            while (true)
            {
                var wait = await WaitAsync(subscription.Reader, time, cancellationToken);
                if (wait == Wait.Done)
                {
                    yield break;
                }

                if (wait == Wait.Heartbeat)
                {
                    yield return new SseItem<string>("{}", "ping");
                    continue;
                }

                if (subscription.TakeOverflow())
                {
                    while (subscription.Reader.TryRead(out _))
                    {
                    }

                    yield return new SseItem<string>("{}", "resync");
                    continue;
                }

                while (subscription.Reader.TryRead(out var change))
                {
                    if (service is null || string.Equals(service, change.Service, StringComparison.OrdinalIgnoreCase))
                    {
                        yield return new SseItem<string>(JsonSerializer.Serialize(change, Json), "change")
                        {
                            EventId = change.Sequence.ToString(System.Globalization.CultureInfo.InvariantCulture),
                        };
                    }
                }
            }
        }
    }

    private static async Task<Wait> WaitAsync(ChannelReader<PipelineChange> reader, TimeProvider time, CancellationToken cancellationToken)
    {
        using var heartbeat = new CancellationTokenSource(Heartbeat, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, heartbeat.Token);
        try
        {
            return await reader.WaitToReadAsync(linked.Token) ? Wait.Data : Wait.Done;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return Wait.Heartbeat;
        }
    }

    private enum Wait
    {
        Data,
        Heartbeat,
        Done,
    }
}
