namespace Deployer.Core.Manifests;

/// <summary>The checks a manifest chooses and their parameters. Null means "not configured".</summary>
public sealed record ChecksSpec
{
    public ReleaseAgeSpec? ReleaseAge { get; init; }
    public IntegrationTestsSpec? IntegrationTests { get; init; }
    public IncidentsSpec? Incidents { get; init; }
    public IReadOnlyList<AlertSpec>? Alerts { get; init; }
    public BranchSpec? Branch { get; init; }
    public WindowSpec? Window { get; init; }
    public IReadOnlyList<FreezeSpec>? Freezes { get; init; }

    /// <summary>Each check configured in <paramref name="stage"/> replaces the pipeline-level one.</summary>
    public ChecksSpec OverriddenBy(ChecksSpec? stage) => stage is null ? this : new ChecksSpec
    {
        ReleaseAge = stage.ReleaseAge ?? ReleaseAge,
        IntegrationTests = stage.IntegrationTests ?? IntegrationTests,
        Incidents = stage.Incidents ?? Incidents,
        Alerts = stage.Alerts ?? Alerts,
        Branch = stage.Branch ?? Branch,
        Window = stage.Window ?? Window,
        Freezes = stage.Freezes ?? Freezes,
    };
}
