namespace Deployer.Bot.Local;

/// <summary>Local mode (section <c>Local</c>): the world file outside systems are read from, and the release simulator.</summary>
public sealed class LocalOptions
{
    public const string Section = "Local";

    /// <summary>
    /// The world file alerts, incidents, test results and branches are read from (relative to the content root); it is
    /// re-read when it changes. Empty: no world-file sources are registered.
    /// </summary>
    public string? WorldFile { get; set; } = "local-world.json";

    public LocalSimulatorOptions Simulator { get; set; } = new();
}
