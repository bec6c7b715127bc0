using Deployer.Core.Manifests;

namespace Deployer.Core.Tests.Fakes;

/// <summary>Builds manifests in code. Stage targets default to <c>{service}-{stage}</c>.</summary>
public sealed class ManifestBuilder(string service)
{
    private readonly List<StageSpec> _stages = [];
    private ChecksSpec _checks = new();
    private string _kind = "fake";
    private string _branch = "main";

    public static ManifestBuilder For(string service) => new(service);

    /// <summary>The usual two-stage pipeline: staging → production.</summary>
    public static ManifestBuilder TwoStage(string service) => new ManifestBuilder(service).Stage("staging").Stage("production");

    public ManifestBuilder Stage(string name, params string[] targets) => Stage(name, null, targets);

    public ManifestBuilder Stage(string name, ChecksSpec? checks, params string[] targets)
    {
        _stages.Add(new StageSpec { Name = name, Targets = targets.Length == 0 ? [$"{service}-{name}"] : targets, Checks = checks });
        return this;
    }

    public ManifestBuilder Checks(ChecksSpec checks)
    {
        _checks = checks;
        return this;
    }

    public ManifestBuilder Checks(Func<ChecksSpec, ChecksSpec> change)
    {
        _checks = change(_checks);
        return this;
    }

    public ManifestBuilder Platform(string kind)
    {
        _kind = kind;
        return this;
    }

    public ManifestBuilder Branch(string branch)
    {
        _branch = branch;
        return this;
    }

    public ServiceManifest Build() => new()
    {
        Service = service,
        Stages = [.. _stages],
        Checks = _checks,
        Branch = _branch,
        Platform = new PlatformSpec { Kind = _kind },
    };
}
