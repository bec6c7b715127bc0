using System.Globalization;
using System.Text;
using System.Threading.Channels;
using Deployer.Integrations.Heroku;

namespace Deployer.Benchmarks;

/// <summary>
/// Heroku's side of app webhooks for <c>heroku-budget</c>: each new release of a subscribed app is POSTed to the bot as
/// an <c>api:release</c> delivery, signed with <c>Heroku-Webhook-Hmac-SHA256</c> (base64 HMAC-SHA256 of the raw body).
/// A few deliveries at once, in the order they were queued.
/// </summary>
public sealed class WebhookSender : IAsyncDisposable
{
    private readonly Channel<string> _queue = Channel.CreateUnbounded<string>();
    private readonly HttpClient _client = new(new SocketsHttpHandler { UseProxy = false }) { Timeout = TimeSpan.FromSeconds(10) };
    private readonly string _url;
    private readonly string _secret;
    private readonly Task[] _workers;
    private long _sent;
    private long _failed;

    public WebhookSender(string url, string secret, int concurrency = 4)
    {
        _url = url;
        _secret = secret;
        _workers = [.. Enumerable.Range(0, concurrency).Select(_ => Task.Run(WorkAsync))];
    }

    public long Sent => Interlocked.Read(ref _sent);

    /// <summary>Deliveries that got no 2xx (or no answer).</summary>
    public long Failed => Interlocked.Read(ref _failed);

    /// <summary>Queues a delivery for the release object <paramref name="releaseJson"/> (which names its app).</summary>
    public void Enqueue(string releaseJson)
    {
        var now = TimeProvider.System.GetUtcNow().ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
        var body = $"{{\"id\":\"{Guid.NewGuid()}\",\"created_at\":\"{now}\",\"published_at\":\"{now}\",\"resource\":\"release\",\"action\":\"create\","
            + $"\"actor\":{{\"email\":\"bench@example.com\",\"id\":\"{Guid.Empty}\"}},\"previous_data\":{{}},\"data\":{releaseJson},"
            + $"\"webhook_metadata\":{{\"attempt\":{{\"id\":\"{Guid.NewGuid()}\"}},\"delivery\":{{\"id\":\"{Guid.NewGuid()}\"}},"
            + $"\"event\":{{\"id\":\"{Guid.NewGuid()}\",\"include\":\"api:release\"}},\"webhook\":{{\"id\":\"{Guid.Empty}\"}}}}}}";
        _queue.Writer.TryWrite(body);
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await Task.WhenAll(_workers);
        _client.Dispose();
    }

    private async Task WorkAsync()
    {
        await foreach (var body in _queue.Reader.ReadAllAsync())
        {
            var bytes = Encoding.UTF8.GetBytes(body);
            using var request = new HttpRequestMessage(HttpMethod.Post, _url) { Content = new ByteArrayContent(bytes) };
            request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
            request.Headers.TryAddWithoutValidation(HerokuWebhookReceiver.SignatureHeader, HerokuWebhookReceiver.Sign(_secret, bytes));
            try
            {
                using var response = await _client.SendAsync(request);
                Interlocked.Increment(ref response.IsSuccessStatusCode ? ref _sent : ref _failed);
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
                Interlocked.Increment(ref _failed);
            }
        }
    }
}
