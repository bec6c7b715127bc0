namespace Deployer.Bot.Store;

/// <summary>One reported suite result; <see cref="ShortCommit"/> (7 characters, lower-case) is the lookup key.</summary>
internal sealed class TestResultDocument
{
    public long Id { get; set; }
    public string? Service { get; set; }
    public string Commit { get; set; } = "";
    public string ShortCommit { get; set; } = "";
    public string Suite { get; set; } = "";
    public string Status { get; set; } = "";
    public long? CompletedAtTicks { get; set; }
    public string? Url { get; set; }
    public long ReceivedAtTicks { get; set; }
}
