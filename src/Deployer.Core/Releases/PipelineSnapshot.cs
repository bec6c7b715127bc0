namespace Deployer.Core.Releases;

/// <summary>Every target's current release for one service, read once per cycle.</summary>
public sealed record PipelineSnapshot(string Service, IReadOnlyDictionary<string, TargetState> Targets, DateTimeOffset TakenAt)
{
    public TargetState Get(string target) =>
        Targets.TryGetValue(target, out var state) ? state : new TargetState(target, null, "target missing from snapshot");

    /// <summary>
    /// This snapshot with newer news for some targets (a webhook's release), taken at <paramref name="at"/>. A release
    /// older than the one already known for its target (a late or re-sent delivery) does not replace it.
    /// </summary>
    public PipelineSnapshot With(IEnumerable<TargetState> updates, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(updates);
        var targets = new Dictionary<string, TargetState>(Targets, StringComparer.OrdinalIgnoreCase);
        foreach (var update in updates)
        {
            if (targets.TryGetValue(update.Target, out var known) && known.Release is { } had
                && update.Release is { } got && got.Version < had.Version && got.Version > 0)
            {
                continue;
            }

            targets[update.Target] = update;
        }

        return this with { Targets = targets, TakenAt = at };
    }
}
