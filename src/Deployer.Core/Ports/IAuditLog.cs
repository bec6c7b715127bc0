using Deployer.Core.Audit;

namespace Deployer.Core.Ports;

/// <summary>The append-only audit log.</summary>
public interface IAuditLog
{
    Task AppendAsync(AuditEntry entry, CancellationToken cancellationToken);

    /// <summary>The newest <paramref name="limit"/> entries, newest first; all services when <paramref name="service"/> is null.</summary>
    Task<IReadOnlyList<AuditEntry>> QueryAsync(string? service, int limit, CancellationToken cancellationToken);
}
