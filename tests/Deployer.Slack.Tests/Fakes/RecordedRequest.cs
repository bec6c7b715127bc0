namespace Deployer.Slack.Tests.Fakes;

/// <summary>One request the fake Slack received.</summary>
public sealed record RecordedRequest(string Path, string? ContentType, string? Authorization, string Body);
