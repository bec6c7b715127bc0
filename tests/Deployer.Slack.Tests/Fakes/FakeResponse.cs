namespace Deployer.Slack.Tests.Fakes;

/// <summary>A canned answer of the fake Slack.</summary>
public sealed record FakeResponse(int Status, string Body, IReadOnlyDictionary<string, string>? Headers = null)
{
    /// <summary>Never answers: the request hangs until the client gives up on it.</summary>
    public bool Hang { get; init; }

    public static FakeResponse Ok(string json) => new(200, json);
}
