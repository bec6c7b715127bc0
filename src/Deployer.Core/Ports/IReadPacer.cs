using Deployer.Core.Manifests;

namespace Deployer.Core.Ports;

/// <summary>
/// A platform whose reads cost a shared budget (Heroku's API calls). The periodic sweep asks before each pipeline
/// read; a "no" leaves the pipeline unread this cycle (it keeps its last decision) and keeps the rest of the budget
/// for promotions, rollbacks and pipelines a webhook marked dirty, which do not ask.
/// </summary>
public interface IReadPacer
{
    /// <summary>Whether the sweep may read <paramref name="manifest"/>'s pipeline now; a yes spends the read's share of the budget.</summary>
    bool TryAcquireSweepRead(ServiceManifest manifest);
}
