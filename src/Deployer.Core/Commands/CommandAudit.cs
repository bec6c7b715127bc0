using Deployer.Core.Audit;
using Deployer.Core.Ports;

namespace Deployer.Core.Commands;

/// <summary>Writes the audit entries commands produce.</summary>
public sealed class CommandAudit(IAuditLog log, TimeProvider time)
{
    public Task RefusalAsync(Caller caller, string? service, string action, string why, CancellationToken cancellationToken) =>
        WriteAsync(AuditKind.Refusal, caller.UserId, service ?? "-", $"refused {action}: {why}", null, null, null, cancellationToken);

    public Task WriteAsync(
        AuditKind kind, string actor, string service, string summary, string? pair, string? commit,
        IReadOnlyDictionary<string, string>? data, CancellationToken cancellationToken) =>
        log.AppendAsync(new AuditEntry
        {
            At = time.GetUtcNow(),
            Service = service,
            Kind = kind,
            Actor = actor,
            Summary = summary,
            Pair = pair,
            Commit = commit,
            Data = data ?? new Dictionary<string, string>(),
        }, cancellationToken);
}
