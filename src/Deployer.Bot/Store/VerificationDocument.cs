namespace Deployer.Bot.Store;

/// <summary>The verification of one stage; the record itself is kept as JSON.</summary>
internal sealed class VerificationDocument
{
    /// <summary><c>service/stage</c>, lower-cased.</summary>
    public string Id { get; set; } = "";
    public string Service { get; set; } = "";
    public string State { get; set; } = "";
    public string Json { get; set; } = "";
}
