namespace Deployer.Bot.Endpoints;

/// <summary>The body of a 4xx answer: what was wrong with the request.</summary>
public sealed record ErrorResponse(string Error);
