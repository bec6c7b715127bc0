using System.Net;

namespace Deployer.Slack.Tests.Fakes;

/// <summary>Request content of unknown length, so HttpClient sends it chunked, written and flushed in pieces of <c>pieceSize</c> bytes.</summary>
public sealed class ChunkedContent(byte[] data, int pieceSize) : HttpContent
{
    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
    {
        for (var offset = 0; offset < data.Length; offset += pieceSize)
        {
            await stream.WriteAsync(data.AsMemory(offset, Math.Min(pieceSize, data.Length - offset)));
            await stream.FlushAsync();
        }
    }

    protected override bool TryComputeLength(out long length)
    {
        length = 0;
        return false;
    }
}
