namespace Deployer.Bot.Store;

/// <summary>The last decision of one pair; the decision itself is kept as JSON.</summary>
internal sealed class DecisionDocument
{
    /// <summary>The pair key, lower-cased.</summary>
    public string Id { get; set; } = "";
    public string Service { get; set; } = "";
    public string Kind { get; set; } = "";
    public long AtTicks { get; set; }
    public string Json { get; set; } = "";
}
