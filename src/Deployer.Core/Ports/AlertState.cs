namespace Deployer.Core.Ports;

/// <summary>Whether a watched alert is firing, as far as its source can tell.</summary>
public enum AlertState
{
    Ok,
    Firing,
    Unknown,
}
