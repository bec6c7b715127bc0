namespace Deployer.Integrations.Local;

/// <summary>A commit the local platform has built, with the outcome of its simulated CI run.</summary>
internal sealed class LocalCommitDocument
{
    /// <summary>The full commit, lower-cased.</summary>
    public string Id { get; set; } = "";
    public string ShortCommit { get; set; } = "";
    public string Service { get; set; } = "";
    public string? Branch { get; set; }
    public long CreatedAtTicks { get; set; }
    public bool TestsPass { get; set; }
    public long TestsDoneAtTicks { get; set; }
}
