namespace Deployer.Bot.Store;

/// <summary>One audit entry as stored. <see cref="Key"/> (<c>service|id</c>, id zero-padded) orders a service's entries.</summary>
internal sealed class AuditDocument
{
    public long Id { get; set; }
    public string Key { get; set; } = "";
    public string Service { get; set; } = "";
    public long AtTicks { get; set; }
    public string Kind { get; set; } = "";
    public string Actor { get; set; } = "";
    public string Summary { get; set; } = "";
    public string? Pair { get; set; }
    public string? Commit { get; set; }
    public Dictionary<string, string> Data { get; set; } = [];
}
