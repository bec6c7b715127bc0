namespace Deployer.Bot.Endpoints;

/// <summary>Section <c>TestResults</c>: the bearer token CI sends to <c>POST /api/test-results</c>.</summary>
public sealed class TestResultsOptions
{
    public const string Section = "TestResults";

    /// <summary>The shared secret; while empty, every report is refused.</summary>
    public string? Token { get; set; }
}
