namespace Deployer.Core.Commands;

/// <summary>Told whenever a force-promote request is created or changes (to post or update its message).</summary>
public interface IForceRequestNotifier
{
    Task ForceRequestChangedAsync(ForceRequest request, CancellationToken cancellationToken);
}
