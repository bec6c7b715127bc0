using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Deployer.Slack.Signing;

/// <summary>Verifies that an inbound HTTP request comes from Slack and is fresh (signature over the raw body, replay window).</summary>
public sealed class SlackRequestVerifier
{
    private readonly byte[] _secret;
    private readonly TimeProvider _timeProvider;
    private readonly TimeSpan _tolerance;

    public SlackRequestVerifier(string signingSecret, TimeProvider timeProvider, TimeSpan? tolerance = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(signingSecret);
        ArgumentNullException.ThrowIfNull(timeProvider);
        _secret = Encoding.UTF8.GetBytes(signingSecret);
        _timeProvider = timeProvider;
        _tolerance = tolerance ?? TimeSpan.FromMinutes(5);
    }

    /// <summary>Checks the two Slack headers against the raw, unparsed request body.</summary>
    public SignatureVerificationResult Verify(string? signature, string? timestamp, ReadOnlySpan<byte> body)
    {
        if (string.IsNullOrEmpty(signature))
        {
            return new(SignatureFailure.MissingSignature);
        }

        if (string.IsNullOrEmpty(timestamp))
        {
            return new(SignatureFailure.MissingTimestamp);
        }

        if (!long.TryParse(timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
            || seconds > DateTimeOffset.MaxValue.ToUnixTimeSeconds())
        {
            return new(SignatureFailure.BadTimestamp);
        }

        var age = _timeProvider.GetUtcNow() - DateTimeOffset.FromUnixTimeSeconds(seconds);
        if (age.Duration() > _tolerance)
        {
            return new(SignatureFailure.StaleTimestamp);
        }

        var expected = SlackSignature.Compute(_secret, timestamp, body);
        var actual = Encoding.ASCII.GetBytes(signature);
        return CryptographicOperations.FixedTimeEquals(expected, actual)
            ? SignatureVerificationResult.Valid
            : new(SignatureFailure.BadSignature);
    }
}
