using System.Buffers;
using Microsoft.AspNetCore.Http;

namespace Deployer.Slack.Inbound;

/// <summary>
/// Reads a request body once into one exact-length array, since the signature covers exactly those bytes: straight into
/// the array when Content-Length is declared, through a pooled growing buffer when it is not (chunked).
/// </summary>
internal static class RequestBodyReader
{
    private const int InitialUndeclaredBuffer = 16 * 1024;

    public static async Task<RequestBody> ReadAsync(HttpRequest request, int maxBytes, CancellationToken cancellationToken)
    {
        try
        {
            if (request.ContentLength is not { } declared)
            {
                return await ReadUndeclaredAsync(request.Body, maxBytes, cancellationToken);
            }

            return declared > maxBytes
                ? RequestBody.Refused(RequestBodyFailure.TooLarge)
                : await ReadDeclaredAsync(request.Body, (int)declared, cancellationToken);
        }
        catch (BadHttpRequestException ex)
        {
            // Kestrel enforces Content-Length itself and throws when the sender stops short (or exceeds its own body limit).
            return RequestBody.Refused(ex.StatusCode == StatusCodes.Status413PayloadTooLarge ? RequestBodyFailure.TooLarge : RequestBodyFailure.Truncated);
        }
    }

    private static async Task<RequestBody> ReadDeclaredAsync(Stream stream, int length, CancellationToken cancellationToken)
    {
        var body = length == 0 ? [] : GC.AllocateUninitializedArray<byte>(length);
        var filled = 0;
        while (filled < length)
        {
            var read = await stream.ReadAsync(body.AsMemory(filled), cancellationToken);
            if (read == 0)
            {
                return RequestBody.Refused(RequestBodyFailure.Truncated);
            }

            filled += read;
        }

        // Kestrel stops at Content-Length, so this returns 0 at once there; a laxer server could hand over bytes the
        // sender did not declare, and a body that is not what its headers say is refused rather than cut.
        var probe = new byte[1];
        return await stream.ReadAsync(probe, cancellationToken) == 0
            ? new RequestBody(body, null)
            : RequestBody.Refused(RequestBodyFailure.LongerThanDeclared);
    }

    private static async Task<RequestBody> ReadUndeclaredAsync(Stream stream, int maxBytes, CancellationToken cancellationToken)
    {
        var pool = ArrayPool<byte>.Shared;
        var buffer = pool.Rent(Math.Min(InitialUndeclaredBuffer, maxBytes + 1));
        try
        {
            var filled = 0;
            while (true)
            {
                if (filled == buffer.Length)
                {
                    // filled <= maxBytes here, so the new size is always larger than the old one.
                    var larger = pool.Rent((int)Math.Min(2L * buffer.Length, maxBytes + 1L));
                    buffer.AsSpan(0, filled).CopyTo(larger);
                    pool.Return(buffer, clearArray: true);
                    buffer = larger;
                }

                var read = await stream.ReadAsync(buffer.AsMemory(filled), cancellationToken);
                if (read == 0)
                {
                    return new RequestBody(buffer.AsSpan(0, filled).ToArray(), null);
                }

                filled += read;
                if (filled > maxBytes)
                {
                    return RequestBody.Refused(RequestBodyFailure.TooLarge);
                }
            }
        }
        finally
        {
            // Bodies carry user data and Slack's verification token: do not leave them in a shared pool.
            pool.Return(buffer, clearArray: true);
        }
    }
}
