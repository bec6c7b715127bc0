namespace Deployer.Bot.Endpoints;

/// <summary>One audit entry in <c>GET /api/audit</c>.</summary>
public sealed record AuditEntryResponse(
    long Id, DateTimeOffset At, string Service, string Kind, string Actor, string Summary, string? Pair, string? Commit,
    IReadOnlyDictionary<string, string> Data);
