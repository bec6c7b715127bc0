using Deployer.Core.Checks;
using Deployer.Core.Decisions;
using Deployer.Core.Manifests;
using Deployer.Core.Releases;

namespace Deployer.Core.Tests.Commands.Fakes;

internal static class CommandFixtures
{
    public static readonly DateTimeOffset Start = new(2025, 3, 4, 10, 0, 0, TimeSpan.Zero);

    public static ServiceManifest Router { get; } = new()
    {
        Service = "router",
        Owners = ["U_OWNER", "@router-team"],
        Slack = new SlackSpec { Channel = "C_ROUTER" },
        Stages =
        [
            new StageSpec { Name = "staging", Targets = ["router-staging"] },
            new StageSpec { Name = "production", Targets = ["router-prod-eu", "router-prod-us"] },
        ],
        Checks = new ChecksSpec { Incidents = new IncidentsSpec(["PD-ROUTER"]) },
    };

    public static ServiceManifest Api { get; } = new()
    {
        Service = "api",
        Stages =
        [
            new StageSpec { Name = "dev", Targets = ["api-dev"] },
            new StageSpec { Name = "staging", Targets = ["api-staging"] },
            new StageSpec { Name = "production", Targets = ["api-prod"] },
        ],
    };

    public static ManifestCatalog Catalog { get; } = new([Router, Api]);

    public static Release Release(string commit, long version = 42) =>
        new() { Commit = commit, Version = version, CreatedAt = Start.AddHours(-1) };

    public static PairDecision Blocked(string commit = "9f1c2ab0000000000000000000000000000000aa") => new()
    {
        Service = "router",
        From = "staging",
        To = "production",
        Kind = DecisionKind.Blocked,
        At = Start,
        Upstream = Release(commit),
        SourceTarget = "router-staging",
        TargetsToPromote = ["router-prod-eu", "router-prod-us"],
        Checks =
        [
            CheckResult.Fail(CheckNames.ReleaseAge, "release is 12m old, needs 30m"),
            CheckResult.Pass(CheckNames.Alerts, "no alert firing"),
        ],
    };

    public static PairDecision InSync(string commit = "9f1c2ab0000000000000000000000000000000aa") =>
        Blocked(commit) with { Kind = DecisionKind.InSync, Checks = [], TargetsToPromote = [] };
}
