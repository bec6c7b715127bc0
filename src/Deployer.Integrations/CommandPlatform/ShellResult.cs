namespace Deployer.Integrations.CommandPlatform;

/// <summary>How a shell command ended: its exit code (null when it was killed on timeout), stdout, and its last output lines.</summary>
internal sealed record ShellResult(int? ExitCode, bool TimedOut, string StandardOutput, IReadOnlyList<string> LastLines)
{
    public bool Succeeded => !TimedOut && ExitCode == 0;

    /// <summary>The last output lines (see <see cref="ShellRunner"/>) in one line, for messages.</summary>
    public string Tail => LastLines.Count == 0 ? "(no output)" : string.Join(" | ", LastLines);
}
