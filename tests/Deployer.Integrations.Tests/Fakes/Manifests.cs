using Deployer.Core.Manifests;

namespace Deployer.Integrations.Tests.Fakes;

/// <summary>Small manifests for adapter tests.</summary>
public static class Manifests
{
    public static ServiceManifest Heroku(string pipeline = "pipe-1", params (string Stage, string[] Targets)[] stages) => new()
    {
        Service = "router",
        Repository = "acme/router",
        Platform = new PlatformSpec { Kind = "heroku", Pipeline = pipeline },
        Stages = (stages.Length == 0 ? [("staging", ["router-staging"]), ("production", ["router-prod-eu", "router-prod-us"])] : stages)
            .Select(s => new StageSpec { Name = s.Stage, Targets = s.Targets })
            .ToList(),
    };

    public static ServiceManifest WithRepository(string? repository) => new()
    {
        Service = "router",
        Repository = repository,
        Stages = [new StageSpec { Name = "staging", Targets = ["s"] }],
    };

    public static ServiceManifest Command(string current, string? promote = null, TimeSpan? timeout = null, params string[] targets) => new()
    {
        Service = "router",
        Platform = new PlatformSpec { Kind = "command", Current = current, Promote = promote, Timeout = timeout },
        Stages = [new StageSpec { Name = "staging", Targets = targets.Length == 0 ? ["a"] : targets }],
    };
}
