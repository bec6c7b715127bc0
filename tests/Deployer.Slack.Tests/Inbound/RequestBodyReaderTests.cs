using System.Text;
using Deployer.Slack.Inbound;
using Deployer.Slack.Tests.Fakes;
using Microsoft.AspNetCore.Http;

namespace Deployer.Slack.Tests.Inbound;

public sealed class RequestBodyReaderTests
{
    private static readonly byte[] Data = Encoding.UTF8.GetBytes("token=abc&text=h%C3%A9llo&user_id=U2CERLKJA&command=%2Fdeploy");

    [Fact]
    public async Task Declared_body_is_read_exactly_even_when_it_arrives_one_byte_at_a_time()
    {
        var stream = new TrickleStream(Data, maxPerRead: 1);

        var read = await ReadAsync(stream, Data.Length);

        Assert.Null(read.Failure);
        Assert.Equal(Data, read.Bytes);
        Assert.Equal(Data.Length + 1, stream.Reads);
    }

    [Fact]
    public async Task Empty_declared_body_is_an_empty_array()
    {
        var read = await ReadAsync(new TrickleStream([]), 0);

        Assert.Null(read.Failure);
        Assert.Empty(read.Bytes);
    }

    [Fact]
    public async Task Declared_body_that_ends_early_is_truncated()
    {
        var read = await ReadAsync(new TrickleStream(Data[..10], maxPerRead: 4), Data.Length);

        Assert.Equal(RequestBodyFailure.Truncated, read.Failure);
        Assert.Empty(read.Bytes);
    }

    [Fact]
    public async Task Declared_body_followed_by_undeclared_bytes_is_refused_not_cut()
    {
        var read = await ReadAsync(new TrickleStream(Data, maxPerRead: 1000), Data.Length - 5);

        Assert.Equal(RequestBodyFailure.LongerThanDeclared, read.Failure);
    }

    [Fact]
    public async Task Declared_length_over_the_limit_is_refused_without_reading()
    {
        var stream = new TrickleStream(Data);

        var read = await ReadAsync(stream, 101, maxBytes: 100);

        Assert.Equal(RequestBodyFailure.TooLarge, read.Failure);
        Assert.Equal(0, stream.Reads);
    }

    [Fact]
    public async Task Declared_length_at_the_limit_is_accepted()
    {
        var read = await ReadAsync(new TrickleStream(Data, maxPerRead: 7), Data.Length, maxBytes: Data.Length);

        Assert.Null(read.Failure);
        Assert.Equal(Data, read.Bytes);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(16 * 1024)]
    [InlineData(16 * 1024 + 1)]
    [InlineData(300_000)]
    public async Task Undeclared_body_is_read_exactly_through_a_growing_buffer(int size)
    {
        var data = Pattern(size);

        var read = await ReadAsync(new TrickleStream(data, maxPerRead: 5000), contentLength: null);

        Assert.Null(read.Failure);
        Assert.Equal(data, read.Bytes);
    }

    [Fact]
    public async Task Undeclared_body_at_the_limit_is_accepted_and_one_byte_more_is_refused()
    {
        var atLimit = await ReadAsync(new TrickleStream(Pattern(50_000), maxPerRead: 3000), null, maxBytes: 50_000);
        var over = await ReadAsync(new TrickleStream(Pattern(50_001), maxPerRead: 3000), null, maxBytes: 50_000);

        Assert.Null(atLimit.Failure);
        Assert.Equal(50_000, atLimit.Bytes.Length);
        Assert.Equal(RequestBodyFailure.TooLarge, over.Failure);
    }

    [Fact]
    public async Task Undeclared_body_over_the_limit_stops_reading_just_past_it()
    {
        var stream = new TrickleStream(Pattern(5_000_000), maxPerRead: 10);

        var read = await ReadAsync(stream, null, maxBytes: 100);

        Assert.Equal(RequestBodyFailure.TooLarge, read.Failure);
        Assert.InRange(stream.Reads, 11, 12);
    }

    [Theory]
    [InlineData(StatusCodes.Status400BadRequest, nameof(RequestBodyFailure.Truncated))]
    [InlineData(StatusCodes.Status413PayloadTooLarge, nameof(RequestBodyFailure.TooLarge))]
    public async Task Kestrel_refusing_the_body_is_reported_not_thrown(int status, string expected)
    {
        var read = await ReadAsync(new ThrowingStream(new BadHttpRequestException("Unexpected end of request content.", status)), Data.Length);

        Assert.Equal(Enum.Parse<RequestBodyFailure>(expected), read.Failure);
    }

    private static Task<RequestBody> ReadAsync(Stream body, long? contentLength, int maxBytes = 1 << 20)
    {
        var context = new DefaultHttpContext();
        context.Request.Body = body;
        context.Request.ContentLength = contentLength;
        return RequestBodyReader.ReadAsync(context.Request, maxBytes, CancellationToken.None);
    }

    private static byte[] Pattern(int size)
    {
        var data = new byte[size];
        for (var i = 0; i < size; i++)
        {
            data[i] = (byte)('a' + (i % 26));
        }

        return data;
    }

    private sealed class ThrowingStream(Exception error) : Stream
    {
        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => throw new NotSupportedException();
            set => throw new NotSupportedException();
        }

        public override int Read(byte[] buffer, int offset, int count) => throw error;

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => ValueTask.FromException<int>(error);

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
