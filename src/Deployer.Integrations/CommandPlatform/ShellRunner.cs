using System.ComponentModel;
using System.Text;
using CliWrap;

namespace Deployer.Integrations.CommandPlatform;

/// <summary>
/// Runs one command with <c>/bin/sh -c</c> through CliWrap, with a timeout that kills the whole process tree.
/// Timeouts and cancellation are CliWrap's forceful cancellation (<c>Process.Kill(entireProcessTree: true)</c>): the
/// shell's children and grandchildren die with it. Its graceful cancellation is not used: it sends SIGINT to the shell
/// alone, which would leave the shell's children running, re-parented beyond the reach of a tree kill.
/// </summary>
internal static class ShellRunner
{
    public const int TailLines = 5;
    private const int MaxStdoutChars = 1_000_000;

    public static async Task<ShellResult> RunAsync(
        string command,
        IReadOnlyDictionary<string, string> environment,
        string? workingDirectory,
        TimeSpan timeout,
        TimeProvider time,
        CancellationToken cancellationToken)
    {
        var output = new Output();
        var shell = Cli.Wrap("/bin/sh")
            .WithArguments(["-c", command])
            .WithEnvironmentVariables(environment.ToDictionary(e => e.Key, string? (e) => e.Value, StringComparer.Ordinal))
            .WithWorkingDirectory(workingDirectory ?? Directory.GetCurrentDirectory())
            .WithStandardOutputPipe(PipeTarget.ToDelegate(line => output.Add(line, isStdout: true)))
            .WithStandardErrorPipe(PipeTarget.ToDelegate(line => output.Add(line, isStdout: false)))
            .WithValidation(CommandResultValidation.None);

        using var deadline = new CancellationTokenSource(timeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
        try
        {
            var result = await shell.ExecuteAsync(linked.Token);
            return output.Result(result.ExitCode, timedOut: false);
        }
        catch (Win32Exception ex)
        {
            return new ShellResult(null, false, "", [$"cannot start /bin/sh: {ex.Message}"]);
        }
        catch (Exception ex) when (ex is OperationCanceledException or TimeoutException && !cancellationToken.IsCancellationRequested)
        {
            // Killed at the deadline (TimeoutException: CliWrap could not see it exit within its own grace after the kill).
            return output.Result(null, timedOut: true);
        }
    }

    /// <summary>
    /// The last lines of stdout followed by the last of stderr, stderr winning the slots: the two are separate pipes,
    /// so their interleaving is unknowable, and errors are usually on stderr.
    /// </summary>
    public static List<string> Tail(IReadOnlyCollection<string> stdout, IReadOnlyCollection<string> stderr) =>
        stdout.TakeLast(TailLines - Math.Min(TailLines, stderr.Count)).Concat(stderr.TakeLast(TailLines)).ToList();

    /// <summary>Stdout up to <see cref="MaxStdoutChars"/>, and the last non-blank lines of each stream.</summary>
    private sealed class Output
    {
        private readonly Lock _gate = new();
        private readonly StringBuilder _stdout = new();
        private readonly Queue<string> _stdoutTail = new();
        private readonly Queue<string> _stderrTail = new();

        public void Add(string line, bool isStdout)
        {
            lock (_gate)
            {
                if (isStdout && _stdout.Length < MaxStdoutChars)
                {
                    _stdout.AppendLine(line);
                }

                if (line.Trim().Length > 0)
                {
                    var tail = isStdout ? _stdoutTail : _stderrTail;
                    tail.Enqueue(line.Trim());
                    if (tail.Count > TailLines)
                    {
                        tail.Dequeue();
                    }
                }
            }
        }

        public ShellResult Result(int? exitCode, bool timedOut)
        {
            lock (_gate)
            {
                return new ShellResult(exitCode, timedOut, _stdout.ToString(), Tail(_stdoutTail, _stderrTail));
            }
        }
    }
}
