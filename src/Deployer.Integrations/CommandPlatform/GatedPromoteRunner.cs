using System.ComponentModel;
using System.Text;
using CliWrap;

namespace Deployer.Integrations.CommandPlatform;

/// <summary>
/// Runs one promote script so that a crash of the bot can never make it run twice at once: the script gets its own
/// process group (<c>setsid</c>) and waits on standard input for a "go" that the bot sends only after the ledger holds
/// its pid, start time and group. If the bot dies before that, the script reads end-of-file and exits without running
/// the command: a run without a record provably never started. Output goes to files in the run's folder, not to pipes,
/// so a script outlives the bot without dying of a broken pipe, and its exit code is written there for the restart.
/// The process is run through CliWrap; at the timeout its forceful cancellation kills the process tree and
/// <see cref="ProcessGroupKiller"/> then the rest of the group.
/// </summary>
internal static class GatedPromoteRunner
{
    private const string Setsid = "/usr/bin/setsid";

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
        var go = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);

        // Only the wrapper writes to these pipes, and only before it redirects to files (e.g. "setsid: failed to execute").
        var wrapperOut = new StringBuilder();
        var wrapperErr = new StringBuilder();
        var script = Cli.Wrap(useSetsid ? Setsid : "/bin/sh")
            .WithArguments([.. useSetsid ? ["/bin/sh"] : Array.Empty<string>(), "-c", Wrapper, "deployer-promote", folder.Path, command])
            .WithEnvironmentVariables(environment.ToDictionary(e => e.Key, string? (e) => e.Value, StringComparer.Ordinal))
            .WithWorkingDirectory(workingDirectory ?? Directory.GetCurrentDirectory())
            .WithStandardInputPipe(PipeSource.Create(async (stdin, ct) =>
            {
                // One line, "go", once the record is durable; otherwise end-of-file (CliWrap closes stdin after this).
                if (await go.Task.WaitAsync(ct))
                {
                    await stdin.WriteAsync("go\n"u8.ToArray(), ct);
                }
            }))
            .WithStandardOutputPipe(PipeTarget.ToStringBuilder(wrapperOut))
            .WithStandardErrorPipe(PipeTarget.ToStringBuilder(wrapperErr))
            .WithValidation(CommandResultValidation.None);

        // Forceful cancellation only, and only at the timeout: on shutdown the script must keep running.
        using var kill = new CancellationTokenSource();
        CommandTask<CommandResult> run;
        try
        {
            run = script.ExecuteAsync(kill.Token);
        }
        catch (Win32Exception ex)
        {
            return new ShellResult(null, false, "", [$"cannot start /bin/sh: {ex.Message}"]);
        }

        var identity = ProcessIdentity.TryRead(run.ProcessId, out var read)
            ? read.Value with { Group = useSetsid ? run.ProcessId : read.Value.Group }
            : new ProcessIdentity(run.ProcessId, 0, run.ProcessId);
        try
        {
            await recordStarted(identity);
            cancellationToken.ThrowIfCancellationRequested();
        }
        catch
        {
            // Never said go: the wrapper reads end-of-file and exits without running the command.
            go.SetResult(false);
            throw;
        }

        go.SetResult(true);
        using var deadline = new CancellationTokenSource(timeout, time);
        await using var onDeadline = deadline.Token.Register(kill.Cancel);
        int exitCode;
        try
        {
            exitCode = (await run.Task.WaitAsync(cancellationToken)).ExitCode;
        }
        catch (Exception ex) when (ex is OperationCanceledException or TimeoutException && kill.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            // CliWrap killed the tree; anything the script left in its group goes too.
            await ProcessGroupKiller.KillAsync(identity);
            return new ShellResult(null, true, "", folder.Tail());
        }

        var exit = folder.ExitCode ?? exitCode;
        var tail = folder.Started ? folder.Tail() : Lines(wrapperOut.ToString(), wrapperErr.ToString());
        return new ShellResult(exit, false, "", tail);
    }

    private static List<string> Lines(string stdout, string stderr) =>
        ShellRunner.Tail(Split(stdout), Split(stderr));

    private static List<string> Split(string text) =>
        text.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0).TakeLast(ShellRunner.TailLines).ToList();
}
