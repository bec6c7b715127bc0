using Deployer.Core.Audit;
using Deployer.Core.Ports;
using Microsoft.Extensions.Logging;
using Quartz;

namespace Deployer.Bot.Scheduling;

/// <summary>Lifts holds whose expiry has passed (the store queues each announcement), audits each and publishes it.</summary>
[DisallowConcurrentExecution]
public sealed class HoldExpiryJob(IHoldStore holds, IAuditLog audit, IEventPublisher events, TimeProvider time, ILogger<HoldExpiryJob> logger) : IJob
{
    public static readonly JobKey Key = new("hold-expiry", "deployer");

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var expired = await holds.RemoveExpiredAsync(now, cancellationToken);
        foreach (var change in expired)
        {
            var hold = change.Hold;
            var where = hold.Stage is null ? hold.Service : $"{hold.Service} {hold.Stage}";
            var summary = $"hold on {where} by {hold.By} expired: {hold.Reason}";
            await audit.AppendAsync(new AuditEntry
            {
                At = now,
                Service = hold.Service,
                Kind = AuditKind.HoldExpired,
                Actor = "engine",
                Summary = summary,
                Data = new Dictionary<string, string> { ["hold"] = hold.Id },
            }, cancellationToken);
            logger.LogInformation("Hold {Hold} on {Service} expired", hold.Id, hold.Service);
            await events.PublishAsync(change, cancellationToken);
        }
    }
}
