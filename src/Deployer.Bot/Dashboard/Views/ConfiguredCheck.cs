namespace Deployer.Bot.Dashboard.Views;

/// <summary>A check the manifest configures: where it applies and its parameters in words.</summary>
public sealed record ConfiguredCheck(string Check, string Scope, string Settings, bool Shadow);
