using Deployer.Core.Ports;

namespace Deployer.Core.Events;

/// <summary>An <see cref="IEventPublisher"/> that tells nobody (planning, tools, tests that do not listen).</summary>
public sealed class NoEventPublisher : IEventPublisher
{
    public static readonly NoEventPublisher Instance = new();

    public Task PublishAsync(DeployerEvent deployerEvent, CancellationToken cancellationToken) => Task.CompletedTask;
}
