using System.ComponentModel;
using System.Diagnostics;
using System.Text;

namespace Deployer.Integrations.CommandPlatform;

/// <summary>Runs one command with <c>/bin/sh -c</c>, with a timeout that kills the whole process tree.</summary>
internal static class ShellRunner
{
    public const int TailLines = 5;
    private const int MaxStdoutChars = 1_000_000;
    private static readonly TimeSpan GraceAfterKill = TimeSpan.FromSeconds(5);

    public static async Task<ShellResult> RunAsync(
        string command,
        IReadOnlyDictionary<string, string> environment,
        string? workingDirectory,
        TimeSpan timeout,
        TimeProvider time,
        CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo("/bin/sh")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? "",
        };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(command);
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        var stdout = new StringBuilder();
        var stdoutTail = new Queue<string>();
        var stderrTail = new Queue<string>();
        var gate = new Lock();
        void OnLine(string? line, bool isStdout)
        {
            if (line is null)
            {
                return;
            }

            lock (gate)
            {
                if (isStdout && stdout.Length < MaxStdoutChars)
                {
                    stdout.AppendLine(line);
                }

                if (line.Trim().Length > 0)
                {
                    var tail = isStdout ? stdoutTail : stderrTail;
                    tail.Enqueue(line.Trim());
                    if (tail.Count > TailLines)
                    {
                        tail.Dequeue();
                    }
                }
            }
        }

        using var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => OnLine(e.Data, isStdout: true);
        process.ErrorDataReceived += (_, e) => OnLine(e.Data, isStdout: false);
        try
        {
            process.Start();
        }
        catch (Win32Exception ex)
        {
            return new ShellResult(null, false, "", [$"cannot start /bin/sh: {ex.Message}"]);
        }

        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        using var deadline = new CancellationTokenSource(timeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
        var timedOut = false;
        try
        {
            await process.WaitForExitAsync(linked.Token);
        }
        catch (OperationCanceledException)
        {
            timedOut = !cancellationToken.IsCancellationRequested;
            Kill(process);
            try
            {
                // Output pipes close once the tree is gone; a detached grandchild could hold them, so don't wait forever.
                await process.WaitForExitAsync(CancellationToken.None).WaitAsync(GraceAfterKill, time, CancellationToken.None);
            }
            catch (TimeoutException)
            {
                // Reported as a timeout below either way.
            }

            cancellationToken.ThrowIfCancellationRequested();
        }

        lock (gate)
        {
            return new ShellResult(timedOut ? null : process.ExitCode, timedOut, stdout.ToString(), Tail(stdoutTail, stderrTail));
        }
    }

    /// <summary>
    /// The last lines of stdout followed by the last of stderr, stderr winning the slots: the two are separate pipes,
    /// so their interleaving is unknowable, and errors are usually on stderr.
    /// </summary>
    public static List<string> Tail(IReadOnlyCollection<string> stdout, IReadOnlyCollection<string> stderr) =>
        stdout.TakeLast(TailLines - Math.Min(TailLines, stderr.Count)).Concat(stderr.TakeLast(TailLines)).ToList();

    private static void Kill(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // Already exited.
        }
        catch (Win32Exception)
        {
            // Exiting while we killed it.
        }
    }
}
