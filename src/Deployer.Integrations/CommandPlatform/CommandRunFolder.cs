using System.Globalization;

namespace Deployer.Integrations.CommandPlatform;

/// <summary>
/// The folder of one target's promote run. The wrapper script writes <c>started</c> just before the promote command
/// runs and <c>exit</c> (its exit code) just after, with the command's output in <c>stdout</c> and <c>stderr</c>; these
/// files outlive the bot, so a restart learns how a run it did not see finish ended.
/// </summary>
internal sealed class CommandRunFolder(string path)
{
    private const int TailBytes = 16 * 1024;

    public string Path { get; } = path;

    /// <summary>True once the promote command itself was started (the bot had recorded the run and said go).</summary>
    public bool Started => File.Exists(System.IO.Path.Combine(Path, "started"));

    /// <summary>The promote command's exit code, once it ended on its own; null while running or when it was killed.</summary>
    public int? ExitCode =>
        File.Exists(System.IO.Path.Combine(Path, "exit"))
        && int.TryParse(File.ReadAllText(System.IO.Path.Combine(Path, "exit")).Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var code)
            ? code
            : null;

    /// <summary>The last lines of output, stderr winning the slots (as <see cref="ShellRunner"/> reports them).</summary>
    public IReadOnlyList<string> Tail() => ShellRunner.Tail(LastLines("stdout"), LastLines("stderr"));

    private List<string> LastLines(string name)
    {
        var file = System.IO.Path.Combine(Path, name);
        if (!File.Exists(file))
        {
            return [];
        }

        using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        stream.Seek(Math.Max(0, stream.Length - TailBytes), SeekOrigin.Begin);
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd().Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0).TakeLast(ShellRunner.TailLines).ToList();
    }
}
