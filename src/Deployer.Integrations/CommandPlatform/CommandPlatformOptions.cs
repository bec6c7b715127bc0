namespace Deployer.Integrations.CommandPlatform;

/// <summary>Settings of the command platform (section <c>CommandPlatform</c>).</summary>
public sealed class CommandPlatformOptions
{
    public const string Section = "CommandPlatform";

    /// <summary>
    /// Where each promote run keeps its output, start marker and exit code, so a restart can tell how a run ended. The
    /// host puts it next to the store (<c>data/command-runs</c>); empty means a folder under the system's temp folder.
    /// </summary>
    public string? RunsPath { get; set; }
}
