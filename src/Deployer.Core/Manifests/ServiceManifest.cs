namespace Deployer.Core.Manifests;

/// <summary>One service's pipeline as described by <c>manifests/&lt;service&gt;.json</c>.</summary>
public sealed record ServiceManifest
{
    public required string Service { get; init; }
    public string? Repository { get; init; }
    public SlackSpec Slack { get; init; } = new();
    public IReadOnlyList<string> Owners { get; init; } = [];

    /// <summary>Who is mentioned when something fails or stays blocked: <c>slack.mentionOnFailure</c> when given, else <see cref="Owners"/>.</summary>
    public IReadOnlyList<string> FailureMentions => Slack.MentionOnFailure ?? Owners;
    public PlatformSpec Platform { get; init; } = new();
    public string Branch { get; init; } = "main";
    public required IReadOnlyList<StageSpec> Stages { get; init; }
    public ChecksSpec Checks { get; init; } = new();

    /// <summary>The pipeline-level <c>verify</c> block (on, 10m, hold when the manifest has none).</summary>
    public VerifySpec Verify { get; init; } = VerifySpec.Default;

    /// <summary>The file it was loaded from, for messages; null when built in code.</summary>
    public string? SourceFile { get; init; }

    /// <summary>Adjacent stage pairs, upstream first.</summary>
    public IEnumerable<(StageSpec From, StageSpec To)> Pairs()
    {
        for (var i = 0; i + 1 < Stages.Count; i++)
        {
            yield return (Stages[i], Stages[i + 1]);
        }
    }

    public StageSpec? FindStage(string name) =>
        Stages.FirstOrDefault(s => string.Equals(s.Name, name, StringComparison.OrdinalIgnoreCase));

    /// <summary>The checks that gate promotions into <paramref name="stage"/>: stage-level ones override pipeline-level ones.</summary>
    public ChecksSpec EffectiveChecks(StageSpec stage) => Checks.OverriddenBy(stage.Checks);

    /// <summary>
    /// How promotions into <paramref name="stage"/> are verified; null when they are not (<c>"verify": false</c>, or the
    /// first stage, which nothing promotes into).
    /// </summary>
    public VerifySpec? EffectiveVerify(StageSpec stage)
    {
        ArgumentNullException.ThrowIfNull(stage);
        if (Stages.Count == 0 || ReferenceEquals(Stages[0], stage) || string.Equals(Stages[0].Name, stage.Name, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var spec = stage.Verify ?? Verify;
        return spec.Enabled ? spec : null;
    }
}
