using System.Collections.Concurrent;
using Deployer.Core.Audit;
using Deployer.Core.Ports;

namespace Deployer.Core.Tests.Fakes;

public sealed class InMemoryAuditLog : IAuditLog
{
    private long _id;

    private readonly ConcurrentQueue<AuditEntry> _entries = new();

    public IReadOnlyList<AuditEntry> Entries => [.. _entries];

    public Task AppendAsync(AuditEntry entry, CancellationToken cancellationToken)
    {
        _entries.Enqueue(entry with { Id = Interlocked.Increment(ref _id) });
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<AuditEntry>> QueryAsync(string? service, int limit, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<AuditEntry>>(_entries
            .Where(e => service is null || string.Equals(e.Service, service, StringComparison.OrdinalIgnoreCase))
            .OrderByDescending(e => e.Id).Take(limit).ToList());
}
