using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Deployer.Slack.Signing;

/// <summary>Slack's v0 request signature: HMAC-SHA256 of <c>v0:{timestamp}:{body}</c>.</summary>
internal static class SlackSignature
{
    public const string Version = "v0";
    public const string SignatureHeader = "X-Slack-Signature";
    public const string TimestampHeader = "X-Slack-Request-Timestamp";

    /// <summary>Returns <c>v0=</c> followed by 64 lowercase hex digits, as ASCII bytes.</summary>
    public static byte[] Compute(byte[] secret, string timestamp, ReadOnlySpan<byte> body)
    {
        using var hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, secret);
        hmac.AppendData(Encoding.ASCII.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{Version}:{timestamp}:")));
        hmac.AppendData(body);
        Span<byte> mac = stackalloc byte[32];
        hmac.GetHashAndReset(mac);
        return Encoding.ASCII.GetBytes(Version + "=" + Convert.ToHexStringLower(mac));
    }
}
