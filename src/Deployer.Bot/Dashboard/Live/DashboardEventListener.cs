using Deployer.Bot.Notifications;
using Deployer.Core.Events;

namespace Deployer.Bot.Dashboard.Live;

/// <summary>
/// Passes every decision, hold and force-request change on to open pages at once, not at the next cycle (changes come
/// from cycles, commands, Slack buttons, the page itself and the expiry job, all published as events).
/// </summary>
internal sealed class DashboardEventListener(ChangeBroadcaster broadcaster) : IEventListener
{
    public void OnEvent(DeployerEvent deployerEvent)
    {
        switch (deployerEvent)
        {
            case DecisionChanged d:
                broadcaster.Publish(new PipelineChange(PipelineChange.Pair, d.Service, d.Current.PairLabel));
                break;
            case HoldPlaced p:
                Hold(p.Service, p.Hold.Stage);
                break;
            case HoldLifted l:
                Hold(l.Service, l.Stage);
                break;
            case HoldExpired e:
                Hold(e.Service, e.Hold.Stage);
                break;
            case ForceRequestChanged f:
                broadcaster.Publish(new PipelineChange(PipelineChange.Force, f.Service, f.Request.Id));
                break;
        }
    }

    private void Hold(string service, string? stage) => broadcaster.Publish(new PipelineChange(PipelineChange.Hold, service, stage ?? "pipeline"));
}
