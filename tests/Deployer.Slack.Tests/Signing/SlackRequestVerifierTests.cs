using System.Text;
using Deployer.Slack.Signing;
using Microsoft.Extensions.Time.Testing;

namespace Deployer.Slack.Tests.Signing;

public sealed class SlackRequestVerifierTests
{
    private static readonly byte[] Body = Encoding.UTF8.GetBytes(SlackSigningVectors.Body);
    private static readonly string Ts = SlackSigningVectors.Timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture);
    private readonly FakeTimeProvider _time = new(SlackSigningVectors.SentAt);

    private SlackRequestVerifier Verifier(string secret = SlackSigningVectors.Secret) => new(secret, _time);

    [Fact]
    public void Accepts_slacks_published_example()
    {
        var result = Verifier().Verify(SlackSigningVectors.Signature, Ts, Body);

        Assert.True(result.IsValid);
        Assert.Equal(SignatureFailure.None, result.Failure);
    }

    [Fact]
    public void Accepts_the_example_signed_with_another_secret()
    {
        Assert.True(Verifier(SlackSigningVectors.OtherSecret).Verify(SlackSigningVectors.OtherSignature, Ts, Body).IsValid);
    }

    [Fact]
    public void Refuses_a_tampered_body()
    {
        var tampered = Encoding.UTF8.GetBytes(SlackSigningVectors.Body.Replace("text=", "text=rm", StringComparison.Ordinal));

        Assert.Equal(SignatureFailure.BadSignature, Verifier().Verify(SlackSigningVectors.Signature, Ts, tampered).Failure);
    }

    [Fact]
    public void Refuses_a_signature_made_with_another_secret()
    {
        Assert.Equal(SignatureFailure.BadSignature, Verifier(SlackSigningVectors.OtherSecret).Verify(SlackSigningVectors.Signature, Ts, Body).Failure);
    }

    [Fact]
    public void Refuses_a_signature_whose_timestamp_was_changed()
    {
        var otherTs = (SlackSigningVectors.Timestamp + 1).ToString(System.Globalization.CultureInfo.InvariantCulture);

        Assert.Equal(SignatureFailure.BadSignature, Verifier().Verify(SlackSigningVectors.Signature, otherTs, Body).Failure);
    }

    [Fact]
    public void Accepts_a_timestamp_exactly_five_minutes_old()
    {
        _time.Advance(TimeSpan.FromMinutes(5));

        Assert.True(Verifier().Verify(SlackSigningVectors.Signature, Ts, Body).IsValid);
    }

    [Fact]
    public void Refuses_a_timestamp_more_than_five_minutes_old_as_a_replay()
    {
        _time.Advance(TimeSpan.FromMinutes(5) + TimeSpan.FromSeconds(1));

        Assert.Equal(SignatureFailure.StaleTimestamp, Verifier().Verify(SlackSigningVectors.Signature, Ts, Body).Failure);
    }

    [Fact]
    public void Refuses_a_timestamp_more_than_five_minutes_in_the_future()
    {
        var early = new FakeTimeProvider(SlackSigningVectors.SentAt - TimeSpan.FromMinutes(6));

        Assert.Equal(SignatureFailure.StaleTimestamp, new SlackRequestVerifier(SlackSigningVectors.Secret, early).Verify(SlackSigningVectors.Signature, Ts, Body).Failure);
    }

    [Theory]
    [InlineData(null, "1531420618", SignatureFailure.MissingSignature)]
    [InlineData("", "1531420618", SignatureFailure.MissingSignature)]
    [InlineData(SlackSigningVectors.Signature, null, SignatureFailure.MissingTimestamp)]
    [InlineData(SlackSigningVectors.Signature, "yesterday", SignatureFailure.BadTimestamp)]
    [InlineData(SlackSigningVectors.Signature, "-1531420618", SignatureFailure.BadTimestamp)]
    [InlineData(SlackSigningVectors.Signature, "99999999999999999999", SignatureFailure.BadTimestamp)]
    [InlineData("v0=A2114D57B48EAC39B9AD189DD8316235A7B4A8D21A10BD27519666489C69B503", "1531420618", SignatureFailure.BadSignature)]
    [InlineData("v1=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503", "1531420618", SignatureFailure.BadSignature)]
    [InlineData("v0=a2114d57", "1531420618", SignatureFailure.BadSignature)]
    public void Reports_why_a_request_is_refused(string? signature, string? timestamp, SignatureFailure expected)
    {
        Assert.Equal(expected, Verifier().Verify(signature, timestamp, Body).Failure);
    }
}
