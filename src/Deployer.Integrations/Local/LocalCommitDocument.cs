namespace Deployer.Integrations.Local;

/// <summary>A commit the local platform has built, with the outcome of its simulated CI run and its place in the simulated history.</summary>
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

    /// <summary>The first line of the simulated commit message.</summary>
    public string? Title { get; set; }
    public string? Author { get; set; }

    /// <summary>The commit before this one in the service's simulated history (null: the first).</summary>
    public string? Parent { get; set; }
}
