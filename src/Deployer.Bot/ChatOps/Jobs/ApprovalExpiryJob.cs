using Deployer.Core.Commands;
using Quartz;

namespace Deployer.Bot.ChatOps.Jobs;

/// <summary>Expires force-promote requests past their approval timeout, or whose pair synced or moved on meanwhile.</summary>
[DisallowConcurrentExecution]
internal sealed class ApprovalExpiryJob(ForcePromoteService force) : IJob
{
    public static readonly JobKey Key = new("chatops-approval-expiry", "chatops");

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken) => await force.ExpireDueAsync(cancellationToken);
}
