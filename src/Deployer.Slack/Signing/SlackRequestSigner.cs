using System.Globalization;
using System.Text;

namespace Deployer.Slack.Signing;

/// <summary>Produces Slack request signatures (for tests, benchmarks and local tooling that play Slack's part).</summary>
public sealed class SlackRequestSigner
{
    private readonly byte[] _secret;

    public SlackRequestSigner(string signingSecret)
    {
        ArgumentException.ThrowIfNullOrEmpty(signingSecret);
        _secret = Encoding.UTF8.GetBytes(signingSecret);
    }

    /// <summary>The <c>X-Slack-Signature</c> value for a body sent at <paramref name="timestamp"/> (Unix seconds).</summary>
    public string Sign(long timestamp, ReadOnlySpan<byte> body) =>
        Encoding.ASCII.GetString(SlackSignature.Compute(_secret, timestamp.ToString(CultureInfo.InvariantCulture), body));

    /// <summary>The <c>X-Slack-Signature</c> value for a UTF-8 body.</summary>
    public string Sign(long timestamp, string body) => Sign(timestamp, Encoding.UTF8.GetBytes(body));
}
