using Deployer.Core.Commands;

namespace Deployer.Core.Events;

/// <summary>A force-promote request was created or changed (approved, rejected, expired, promoted, failed).</summary>
public sealed record ForceRequestChanged : DeployerEvent
{
    public required ForceRequest Request { get; init; }

    public override string Service => Request.Service;
}
