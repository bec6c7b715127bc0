namespace Deployer.Bot.Store;

/// <summary>One hold as stored; <see cref="ServiceKey"/> is the lower-cased service for lookups.</summary>
internal sealed class HoldDocument
{
    public string Id { get; set; } = "";
    public string Service { get; set; } = "";
    public string ServiceKey { get; set; } = "";
    public string? Stage { get; set; }
    public string Reason { get; set; } = "";
    public string By { get; set; } = "";
    public long CreatedAtTicks { get; set; }

    /// <summary>Expiry in UTC ticks; <see cref="long.MaxValue"/> for holds that never expire, so one range query finds the expired.</summary>
    public long UntilTicks { get; set; }
}
