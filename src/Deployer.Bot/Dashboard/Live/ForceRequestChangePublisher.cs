using Deployer.Core.Commands;

namespace Deployer.Bot.Dashboard.Live;

/// <summary>Passes every force-promote request change (requested, approved, rejected, expired, promoted) on to open pages.</summary>
internal sealed class ForceRequestChangePublisher(ChangeBroadcaster broadcaster) : IForceRequestNotifier
{
    public Task ForceRequestChangedAsync(ForceRequest request, CancellationToken cancellationToken)
    {
        broadcaster.Publish(new PipelineChange(PipelineChange.Force, request.Service, request.Id));
        return Task.CompletedTask;
    }
}
