namespace Deployer.Core.Manifests;

/// <summary>The suite passed for the upstream commit and the release has been live at least <see cref="MinRuntime"/>.</summary>
public sealed record IntegrationTestsSpec(string Suite, TimeSpan MinRuntime, CheckMode Mode = CheckMode.Enforce);
