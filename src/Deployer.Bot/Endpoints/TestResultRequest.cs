namespace Deployer.Bot.Endpoints;

/// <summary>The body of <c>POST /api/test-results</c>.</summary>
public sealed record TestResultRequest(string? Service, string? Commit, string? Suite, string? Status, DateTimeOffset? CompletedAt, string? Url);
