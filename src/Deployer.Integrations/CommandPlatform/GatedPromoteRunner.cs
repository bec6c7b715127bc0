using System.ComponentModel;
using System.Diagnostics;

namespace Deployer.Integrations.CommandPlatform;

/// <summary>
/// Runs one promote script so that a crash of the bot can never make it run twice at once: the script gets its own
/// process group (<c>setsid</c>) and waits on standard input for a "go" that the bot sends only after the ledger holds
/// its pid, start time and group. If the bot dies before that, the script reads end-of-file and exits without running
/// the command: a run without a record provably never started. Output goes to files in the run's folder, not to pipes,
/// so a script outlives the bot without dying of a broken pipe, and its exit code is written there for the restart.
/// </summary>
internal static class GatedPromoteRunner
{
    private const string Setsid = "/usr/bin/setsid";
    private static readonly TimeSpan GraceAfterKill = TimeSpan.FromSeconds(5);

    // $1: run folder, $2: the manifest's promote command. Exit 97: no go (the bot stopped first), the command never ran.
    private const string Wrapper =
        """
        dir=$1; shift
        IFS= read -r go || exit 97
        [ "$go" = go ] || exit 97
        exec </dev/null >>"$dir/stdout" 2>>"$dir/stderr"
        : > "$dir/started"
        /bin/sh -c "$1"
        rc=$?
        echo "$rc" > "$dir/exit.tmp" && mv -f "$dir/exit.tmp" "$dir/exit"
        exit "$rc"
        """;

    /// <summary>
    /// Starts the script, awaits <paramref name="recordStarted"/> (the durable record), says go and waits up to
    /// <paramref name="timeout"/>, then kills the group. Cancellation (shutdown) leaves a started script running: the next
    /// start adopts it.
    /// </summary>
    public static async Task<ShellResult> RunAsync(
        string command, IReadOnlyDictionary<string, string> environment, string? workingDirectory, CommandRunFolder folder,
        TimeSpan timeout, TimeProvider time, Func<ProcessIdentity, Task> recordStarted, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(folder.Path);
        var useSetsid = File.Exists(Setsid);
        var start = new ProcessStartInfo(useSetsid ? Setsid : "/bin/sh")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? "",
        };
        if (useSetsid)
        {
            start.ArgumentList.Add("/bin/sh");
        }

        foreach (var argument in new[] { "-c", Wrapper, "deployer-promote", folder.Path, command })
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        using var process = new Process { StartInfo = start };
        try
        {
            process.Start();
        }
        catch (Win32Exception ex)
        {
            return new ShellResult(null, false, "", [$"cannot start /bin/sh: {ex.Message}"]);
        }

        // Only the wrapper writes here, and only before it redirects to files (e.g. "setsid: failed to execute").
        var wrapperOut = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
        var wrapperErr = process.StandardError.ReadToEndAsync(CancellationToken.None);
        var identity = ProcessIdentity.TryRead(process.Id, out var read) ? read.Value with { Group = useSetsid ? process.Id : read.Value.Group } : new ProcessIdentity(process.Id, 0, process.Id);
        try
        {
            await recordStarted(identity);
            cancellationToken.ThrowIfCancellationRequested();
            await process.StandardInput.WriteLineAsync("go".AsMemory(), cancellationToken);
            await process.StandardInput.FlushAsync(cancellationToken);
        }
        catch
        {
            // Never said go: the wrapper reads end-of-file and exits without running the command.
            process.StandardInput.Close();
            throw;
        }

        process.StandardInput.Close();
        using var deadline = new CancellationTokenSource(timeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
        try
        {
            await process.WaitForExitAsync(linked.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            await ProcessGroupKiller.KillAsync(identity, process);
            try
            {
                await process.WaitForExitAsync(CancellationToken.None).WaitAsync(GraceAfterKill, time, CancellationToken.None);
            }
            catch (TimeoutException)
            {
                // Reported as a timeout either way.
            }

            return new ShellResult(null, true, "", folder.Tail());
        }

        var exit = folder.ExitCode ?? process.ExitCode;
        var tail = folder.Started ? folder.Tail() : Lines(await wrapperOut, await wrapperErr);
        return new ShellResult(exit, false, "", tail);
    }

    private static List<string> Lines(string stdout, string stderr) =>
        ShellRunner.Tail(Split(stdout), Split(stderr));

    private static List<string> Split(string text) =>
        text.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0).TakeLast(ShellRunner.TailLines).ToList();
}
