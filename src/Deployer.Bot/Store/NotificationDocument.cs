namespace Deployer.Bot.Store;

/// <summary>One queued event in LiteDB (<c>notifications</c>): its JSON with a type discriminator, in insertion order.</summary>
public sealed class NotificationDocument
{
    public long Id { get; set; }
    public string Service { get; set; } = "";
    public long AtTicks { get; set; }
    public string Json { get; set; } = "";
}
