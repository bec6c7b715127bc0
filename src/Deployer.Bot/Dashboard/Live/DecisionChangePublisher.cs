using Deployer.Core.Decisions;
using Deployer.Core.Ports;

namespace Deployer.Bot.Dashboard.Live;

/// <summary>Passes every decision change the engine announces on to open pages.</summary>
internal sealed class DecisionChangePublisher(ChangeBroadcaster broadcaster) : IDecisionNotifier
{
    public Task DecisionChangedAsync(PairDecision? previous, PairDecision current, CancellationToken cancellationToken)
    {
        broadcaster.Publish(new PipelineChange(PipelineChange.Pair, current.Service, current.PairLabel));
        return Task.CompletedTask;
    }
}
