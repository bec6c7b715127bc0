namespace Deployer.Testing;

/// <summary>A canned answer of the fake Slack (<see cref="FakeSlackServer.Enqueue(string, FakeResponse)"/>).</summary>
public sealed record FakeResponse(int Status, string Body, IReadOnlyDictionary<string, string>? Headers = null)
{
    /// <summary>Never answers: the request hangs until the client gives up on it.</summary>
    public bool Hang { get; init; }

    public static FakeResponse Ok(string json) => new(200, json);

    /// <summary>Slack's rate-limit answer: HTTP 429, <c>Retry-After</c> in seconds, <c>{"ok":false,"error":"ratelimited"}</c>.</summary>
    public static FakeResponse RateLimited(int retryAfterSeconds) =>
        new(429, """{"ok":false,"error":"ratelimited"}""", new Dictionary<string, string> { ["Retry-After"] = retryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture) });
}
