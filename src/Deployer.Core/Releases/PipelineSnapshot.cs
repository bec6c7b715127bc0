namespace Deployer.Core.Releases;

/// <summary>Every target's current release for one service, read once per cycle.</summary>
public sealed record PipelineSnapshot(string Service, IReadOnlyDictionary<string, TargetState> Targets, DateTimeOffset TakenAt)
{
    public TargetState Get(string target) =>
        Targets.TryGetValue(target, out var state) ? state : new TargetState(target, null, "target missing from snapshot");
}
