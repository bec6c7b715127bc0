using System.Diagnostics;

namespace Deployer.Benchmarks;

/// <summary>
/// A child process this harness started: stdout/stderr are collected (and a marker line awaited), and disposing it
/// closes its stdin, waits briefly, then kills it (only this process tree, by its id).
/// </summary>
public sealed class ChildProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly List<string> _output = [];
    private readonly List<(long At, string Line)> _timed = [];
    private readonly Lock _gate = new();
    private readonly List<(string Prefix, TaskCompletionSource<string> Found)> _waiters = [];

    private ChildProcess(Process process) => _process = process;

    public int Id => _process.Id;

    public DateTime StartTime { get; private set; }

    public bool HasExited => _process.HasExited;

    public Process Process => _process;

    public IReadOnlyList<string> Output
    {
        get
        {
            lock (_gate)
            {
                return [.. _output];
            }
        }
    }

    /// <summary>When the first line containing <paramref name="text"/> was read (a Stopwatch timestamp), or null.</summary>
    public long? LineTime(string text)
    {
        lock (_gate)
        {
            foreach (var (at, line) in _timed)
            {
                if (line.Contains(text, StringComparison.Ordinal))
                {
                    return at;
                }
            }

            return null;
        }
    }

    public static ChildProcess Start(string fileName, IEnumerable<string> arguments, IDictionary<string, string?>? environment = null, string? workingDirectory = null)
    {
        var info = new ProcessStartInfo(fileName)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Directory.GetCurrentDirectory(),
        };
        foreach (var a in arguments)
        {
            info.ArgumentList.Add(a);
        }

        foreach (var (k, v) in environment ?? new Dictionary<string, string?>())
        {
            info.Environment[k] = v;
        }

        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        var child = new ChildProcess(process);
        process.OutputDataReceived += (_, e) => child.OnLine(e.Data);
        process.ErrorDataReceived += (_, e) => child.OnLine(e.Data is null ? null : "[stderr] " + e.Data);
        process.Start();
        child.StartTime = DateTime.UtcNow;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return child;
    }

    /// <summary>Starts this benchmark program again with <paramref name="arguments"/> (e.g. <c>fakes ...</c>).</summary>
    public static ChildProcess StartSelf(IEnumerable<string> arguments, IDictionary<string, string?>? environment = null) =>
        Start("dotnet", [typeof(ChildProcess).Assembly.Location, .. arguments], environment);

    public async Task<string> WaitForLineAsync(string prefix, TimeSpan timeout)
    {
        TaskCompletionSource<string> found = new(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_gate)
        {
            var hit = _output.FirstOrDefault(l => l.StartsWith(prefix, StringComparison.Ordinal));
            if (hit is not null)
            {
                return hit;
            }

            _waiters.Add((prefix, found));
        }

        using var cts = new CancellationTokenSource(timeout);
        var exited = _process.WaitForExitAsync(cts.Token);
        var done = await Task.WhenAny(found.Task, exited, Task.Delay(Timeout.Infinite, cts.Token).ContinueWith(_ => { }, TaskScheduler.Default));
        if (done == found.Task)
        {
            return await found.Task;
        }

        throw new InvalidOperationException($"child {_process.Id} did not print '{prefix}' within {timeout} (exited: {_process.HasExited}); last output:\n"
            + string.Join('\n', Output.TakeLast(30)));
    }

    public long RssBytes()
    {
        try
        {
            _process.Refresh();
            return _process.WorkingSet64;
        }
        catch (InvalidOperationException)
        {
            return 0;
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                try
                {
                    _process.StandardInput.Close();
                }
                catch (IOException)
                {
                    // Already gone.
                }

                using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                try
                {
                    await _process.WaitForExitAsync(cts.Token);
                }
                catch (OperationCanceledException)
                {
                    _process.Kill(entireProcessTree: true);
                    await _process.WaitForExitAsync();
                }
            }
        }
        finally
        {
            _process.Dispose();
        }
    }

    /// <summary>Asks the process to stop (SIGTERM), then kills it if it does not within <paramref name="grace"/>; false when killed.</summary>
    public async Task<bool> StopAsync(TimeSpan grace)
    {
        if (_process.HasExited)
        {
            return true;
        }

        try
        {
            using var term = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
            await term!.WaitForExitAsync();
        }
        catch (System.ComponentModel.Win32Exception)
        {
            // No kill(1): fall through to Kill below.
        }

        using var cts = new CancellationTokenSource(grace);
        try
        {
            await _process.WaitForExitAsync(cts.Token);
            return true;
        }
        catch (OperationCanceledException)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
            return false;
        }
    }

    private void OnLine(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_gate)
        {
            if (_output.Count < 5000)
            {
                _output.Add(line);
                _timed.Add((Stopwatch.GetTimestamp(), line));
            }

            for (var i = _waiters.Count - 1; i >= 0; i--)
            {
                if (line.StartsWith(_waiters[i].Prefix, StringComparison.Ordinal))
                {
                    _waiters[i].Found.TrySetResult(line);
                    _waiters.RemoveAt(i);
                }
            }
        }
    }
}
