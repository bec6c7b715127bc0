namespace Deployer.Bot.Scheduling;

/// <summary>This process's name among the instances sharing one store: Quartz's instance id and the owner of outbox claims.</summary>
public sealed class DeployerNode
{
    public DeployerNode(string? id = null)
    {
        Id = string.IsNullOrWhiteSpace(id)
            ? $"{Environment.MachineName}-{Environment.ProcessId}-{Guid.NewGuid().ToString("N")[..6]}"
            : id;
    }

    public string Id { get; }
}
