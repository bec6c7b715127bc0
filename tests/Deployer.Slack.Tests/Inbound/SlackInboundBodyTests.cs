using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Deployer.Slack.Inbound;
using Deployer.Slack.Signing;
using Deployer.Slack.Tests.Fakes;
using Deployer.Slack.Tests.Signing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace Deployer.Slack.Tests.Inbound;

/// <summary>How the inbound endpoints read bodies (declared, chunked, too large, lying about their length), on a real Kestrel host.</summary>
public sealed class SlackInboundBodyTests : IAsyncLifetime
{
    private const int NoResponse = -1;
    private readonly FakeTimeProvider _time = new(SlackSigningVectors.SentAt);
    private readonly RecordingHandler _handler = new();
    private readonly SlackRequestSigner _signer = new(SlackSigningVectors.Secret);
    private readonly CapturingLoggerProvider _logs = new();
    private WebApplication _app = null!;
    private HttpClient _http = null!;
    private Uri _baseUrl = null!;
    private long? _lastContentLength;

    private long Now => _time.GetUtcNow().ToUnixTimeSeconds();

    public async Task InitializeAsync()
    {
        _app = InboundTestHost.CreateBuilder(_time, _handler, _logs).Build();
        _app.Use((context, next) =>
        {
            _lastContentLength = context.Request.ContentLength;
            return next(context);
        });
        _app.MapSlackInbound();
        await _app.StartAsync();
        _baseUrl = new Uri(_app.Urls.First());
        _http = new HttpClient { BaseAddress = _baseUrl };
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    [Fact]
    public async Task Body_with_content_length_is_read_exactly_verified_and_dispatched()
    {
        var body = Encoding.UTF8.GetBytes(SlackSigningVectors.Body);

        using var response = await PostAsync("/slack/commands", new ByteArrayContent(body), _signer.Sign(Now, body));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(body.Length, _lastContentLength);
        Assert.Equal("U2CERLKJA", (await _handler.NextAsync<SlashCommand>()).UserId);
    }

    [Fact]
    public async Task Chunked_body_without_content_length_is_verified_and_dispatched()
    {
        var body = Encoding.UTF8.GetBytes(SlackSigningVectors.Body);

        using var response = await PostAsync("/slack/commands", new ChunkedContent(body, pieceSize: 37), _signer.Sign(Now, body));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Null(_lastContentLength);
        Assert.Equal("/webhook-collect", (await _handler.NextAsync<SlashCommand>()).Command);
    }

    [Fact]
    public async Task Signature_covers_the_raw_bytes_even_when_chunks_split_a_multibyte_character()
    {
        // "é" is two bytes; 3-byte pieces cut through several of them. Any decode/re-encode on the way would break the signature.
        var json = $$"""{"type":"url_verification","challenge":"{{new string('é', 3000)}}"}""";
        var body = Encoding.UTF8.GetBytes(json);

        using var response = await PostAsync("/slack/events", new ChunkedContent(body, pieceSize: 3), _signer.Sign(Now, body), "application/json");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var answer = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(new string('é', 3000), answer.RootElement.GetProperty("challenge").GetString());
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Body_of_exactly_the_limit_is_accepted(bool chunked)
    {
        var body = UrlVerification(SlackInbound.MaxBodyBytes);

        using var response = await PostAsync("/slack/events", chunked ? new ChunkedContent(body, 64 * 1024) : new ByteArrayContent(body), _signer.Sign(Now, body), "application/json");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(chunked ? null : body.Length, _lastContentLength);
    }

    [Fact]
    public async Task Content_length_over_the_limit_is_refused_413_before_any_body_is_sent()
    {
        var head = Head("/slack/commands", SlackInbound.MaxBodyBytes + 1, "v0=whatever");

        var status = await SendRawAsync(head, body: [], closeSending: false);

        Assert.Equal(413, status);
        Assert.Empty(_handler.All);
    }

    [Fact]
    public async Task Chunked_body_over_the_limit_is_refused_413()
    {
        var body = UrlVerification(SlackInbound.MaxBodyBytes + 1);

        using var response = await PostAsync("/slack/events", new ChunkedContent(body, 64 * 1024), _signer.Sign(Now, body), "application/json");

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Null(_lastContentLength);
    }

    [Fact]
    public async Task Body_shorter_than_its_content_length_is_refused_and_not_dispatched()
    {
        var body = Encoding.UTF8.GetBytes(SlackSigningVectors.Body);
        var head = Head("/slack/commands", body.Length + 50, _signer.Sign(Now, body));

        var status = await SendRawAsync(head, body, closeSending: true);

        // The sender closed its side: depending on who is first, Kestrel aborts the request (and resets) or our 400 gets out.
        Assert.True(status is 400 or NoResponse, $"status {status}");
        await WaitForLogAsync(e => e.Category == "Microsoft.AspNetCore.Hosting.Diagnostics" && e.Message.StartsWith("Request finished", StringComparison.Ordinal));
        Assert.Empty(_handler.All);
    }

    [Fact]
    public async Task Bytes_past_the_declared_content_length_are_not_signed_over_and_the_request_is_refused()
    {
        // Signed over the whole body but declaring less: Kestrel hands over only the declared prefix, whose signature fails.
        var body = Encoding.UTF8.GetBytes(SlackSigningVectors.Body);
        var head = Head("/slack/commands", body.Length - 20, _signer.Sign(Now, body));

        var status = await SendRawAsync(head, body, closeSending: false);

        Assert.Equal(401, status);
        Assert.Empty(_handler.All);
    }

    [Theory]
    [InlineData(-20, nameof(RequestBodyFailure.LongerThanDeclared))]
    [InlineData(+50, nameof(RequestBodyFailure.Truncated))]
    public async Task Body_stream_not_matching_its_content_length_is_refused_400_with_a_warning(int declaredMinusActual, string failure)
    {
        // Kestrel enforces Content-Length itself; another server (or middleware) might not.
        var body = Encoding.UTF8.GetBytes(SlackSigningVectors.Body);
        var declared = body.Length + declaredMinusActual;
        var context = new DefaultHttpContext { RequestServices = _app.Services };
        context.Request.Method = "POST";
        context.Request.ContentLength = declared;
        context.Request.Body = new TrickleStream(body, maxPerRead: 4096);
        context.Request.Headers[SlackSignature.TimestampHeader] = Now.ToString(CultureInfo.InvariantCulture);
        context.Request.Headers[SlackSignature.SignatureHeader] = _signer.Sign(Now, body.AsSpan(0, Math.Min(declared, body.Length)));

        var result = await _app.Services.GetRequiredService<SlackInbound>().HandleCommandAsync(context);

        Assert.IsType<BadRequest>(result);
        Assert.Empty(_handler.All);
        Assert.Contains(_logs.Entries, e => e.Level == LogLevel.Warning && e.Category == typeof(SlackInbound).FullName && e.Message.Contains(failure, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Verified_body_stays_readable_for_later_middleware()
    {
        var body = Encoding.UTF8.GetBytes(SlackSigningVectors.Body);
        var context = new DefaultHttpContext { RequestServices = _app.Services };
        context.Request.Method = "POST";
        context.Request.ContentLength = body.Length;
        context.Request.Body = new TrickleStream(body, maxPerRead: 100);
        context.Request.Headers[SlackSignature.TimestampHeader] = Now.ToString(CultureInfo.InvariantCulture);
        context.Request.Headers[SlackSignature.SignatureHeader] = _signer.Sign(Now, body);

        await _app.Services.GetRequiredService<SlackInbound>().HandleCommandAsync(context);

        using var reader = new StreamReader(context.Request.Body);
        Assert.Equal(SlackSigningVectors.Body, await reader.ReadToEndAsync());
    }

    /// <summary>The reset can reach the client before the server logged, so wait for the line.</summary>
    private async Task WaitForLogAsync(Func<(LogLevel Level, string Category, string Message), bool> match)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (!_logs.Entries.Any(match))
        {
            await Task.Delay(10, timeout.Token);
        }
    }

    private static byte[] UrlVerification(int size)
    {
        const string prefix = """{"type":"url_verification","challenge":"c","pad":" """;
        const string suffix = "\"}";
        return Encoding.UTF8.GetBytes(prefix + new string('x', size - prefix.Length - suffix.Length) + suffix);
    }

    private string Head(string path, long contentLength, string signature) =>
        $"POST {path} HTTP/1.1\r\nHost: {_baseUrl.Authority}\r\nContent-Type: application/x-www-form-urlencoded\r\n" +
        $"Content-Length: {contentLength.ToString(CultureInfo.InvariantCulture)}\r\nX-Slack-Request-Timestamp: {Now.ToString(CultureInfo.InvariantCulture)}\r\n" +
        $"X-Slack-Signature: {signature}\r\nConnection: close\r\n\r\n";

    /// <summary>Sends bytes HttpClient would refuse to (a Content-Length that lies); the response's status code, or <see cref="NoResponse"/> when the connection was reset.</summary>
    private async Task<int> SendRawAsync(string head, byte[] body, bool closeSending)
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(IPAddress.Loopback, _baseUrl.Port);
        var stream = tcp.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head));
        await stream.WriteAsync(body);
        if (closeSending)
        {
            tcp.Client.Shutdown(SocketShutdown.Send);
        }

        using var reader = new StreamReader(stream, Encoding.ASCII);
        string? statusLine;
        try
        {
            statusLine = await reader.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(10));
        }
        catch (IOException)
        {
            statusLine = null;
        }

        return statusLine is null ? NoResponse : int.Parse(statusLine.Split(' ')[1], CultureInfo.InvariantCulture);
    }

    private async Task<HttpResponseMessage> PostAsync(string path, HttpContent content, string signature, string contentType = "application/x-www-form-urlencoded")
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = content };
        request.Content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        request.Headers.Add("X-Slack-Request-Timestamp", Now.ToString(CultureInfo.InvariantCulture));
        request.Headers.Add("X-Slack-Signature", signature);
        return await _http.SendAsync(request);
    }
}
