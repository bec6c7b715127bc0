namespace Deployer.Core.Manifests;

/// <summary>Which platform runs the service's targets: <c>local</c>, <c>heroku</c> or <c>command</c>.</summary>
public sealed record PlatformSpec
{
    public string Kind { get; init; } = "local";

    /// <summary>Heroku pipeline id.</summary>
    public string? Pipeline { get; init; }

    /// <summary>Command platform: prints the current release of <c>DEPLOYER_TARGET</c> as JSON.</summary>
    public string? Current { get; init; }

    /// <summary>Command platform: promotes <c>DEPLOYER_COMMIT</c> to <c>DEPLOYER_TARGET</c>.</summary>
    public string? Promote { get; init; }

    /// <summary>Command platform, optional: returns <c>DEPLOYER_TARGET</c> to <c>DEPLOYER_COMMIT</c> (release <c>DEPLOYER_RELEASE</c>); without it the rollback verb is refused.</summary>
    public string? Rollback { get; init; }

    /// <summary>Command platform: timeout for each command.</summary>
    public TimeSpan? Timeout { get; init; }
}
