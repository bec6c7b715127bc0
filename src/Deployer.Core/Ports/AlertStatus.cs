namespace Deployer.Core.Ports;

/// <summary>One watched alert's state with a short detail for people ("RouterDown firing since 14:02 UTC").</summary>
public sealed record AlertStatus(AlertState State, string Detail);
