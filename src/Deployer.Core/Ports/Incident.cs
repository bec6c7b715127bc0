namespace Deployer.Core.Ports;

/// <summary>An open incident on an incident-service id.</summary>
public sealed record Incident(string Id, string Service, string Status, string Title);
