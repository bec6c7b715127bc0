namespace Deployer.Slack.Tests.Fakes;

/// <summary>A canned answer of the fake Slack.</summary>
public sealed record FakeResponse(int Status, string Body, IReadOnlyDictionary<string, string>? Headers = null)
{
    public static FakeResponse Ok(string json) => new(200, json);
}
