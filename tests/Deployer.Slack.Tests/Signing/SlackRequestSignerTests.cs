using Deployer.Slack.Signing;
using Microsoft.Extensions.Time.Testing;

namespace Deployer.Slack.Tests.Signing;

public sealed class SlackRequestSignerTests
{
    [Theory]
    [InlineData(SlackSigningVectors.Secret, SlackSigningVectors.Signature)]
    [InlineData(SlackSigningVectors.OtherSecret, SlackSigningVectors.OtherSignature)]
    public void Reproduces_slacks_published_signatures(string secret, string expected)
    {
        Assert.Equal(expected, new SlackRequestSigner(secret).Sign(SlackSigningVectors.Timestamp, SlackSigningVectors.Body));
    }

    [Fact]
    public void Signed_requests_verify()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2025, 6, 1, 0, 0, 0, TimeSpan.Zero));
        var ts = time.GetUtcNow().ToUnixTimeSeconds();
        var body = """{"type":"event_callback"}"""u8.ToArray();

        var signature = new SlackRequestSigner("s3cret").Sign(ts, body);

        Assert.True(new SlackRequestVerifier("s3cret", time).Verify(signature, ts.ToString(System.Globalization.CultureInfo.InvariantCulture), body).IsValid);
    }
}
