using System.Diagnostics;
using System.Text;

namespace Deployer.Bot.Tests.Cluster;

/// <summary>
/// One instance of the real bot (<c>Deployer.Bot.dll</c> built next to the tests) as a child process on the PostgreSQL
/// store, Quartz clustered, with fast cluster timings. <see cref="Kill"/> is a SIGKILL: no shutdown code runs.
/// </summary>
internal sealed class BotNode : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _log = new();

    private BotNode(string id, Process process)
    {
        Id = id;
        _process = process;
    }

    public string Id { get; }
    public bool Alive => !_process.HasExited;

    public static BotNode Start(string id, string root, string connectionString, IDictionary<string, string>? settings = null)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "Deployer.Bot.dll");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = root };
        start.ArgumentList.Add(dll);
        var environment = new Dictionary<string, string>
        {
            ["DEPLOYER_ROOT"] = root,
            ["Urls"] = "http://127.0.0.1:0",
            ["Store__Provider"] = "PostgreSql",
            ["Store__ConnectionString"] = connectionString,
            ["Store__NodeId"] = id,
            ["Manifests__Path"] = "manifests",
            ["Engine__Interval"] = "00:00:00.500",
            ["Engine__MaxParallelism"] = "8",
            ["Cluster__CheckinInterval"] = "00:00:01",
            ["Cluster__CheckinMisfireThreshold"] = "00:00:03",
            ["Local__WorldFile"] = "",
            ["Local__Simulator__Enabled"] = "false",
            ["ChatOps__ReadConsole"] = "false",
            ["Logging__LogLevel__Default"] = "Warning",
            ["DOTNET_GCgen0size"] = "0x400000",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            environment[key] = value;
        }

        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        var process = new Process { StartInfo = start };
        var node = new BotNode(id, process);
        process.OutputDataReceived += (_, e) => node.Log(e.Data);
        process.ErrorDataReceived += (_, e) => node.Log(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return node;
    }

    public void Kill()
    {
        if (Alive)
        {
            _process.Kill(entireProcessTree: false);
            _process.WaitForExit();
        }
    }

    public string Tail()
    {
        lock (_log)
        {
            var text = _log.ToString();
            return text.Length > 4000 ? text[^4000..] : text;
        }
    }

    /// <summary>How many lines this node has logged containing <paramref name="text"/>.</summary>
    public int CountLines(string text)
    {
        lock (_log)
        {
            return _log.ToString().Split('\n').Count(l => l.Contains(text, StringComparison.Ordinal));
        }
    }

    public void Dispose()
    {
        Kill();
        _process.Dispose();
    }

    private void Log(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_log)
        {
            _log.AppendLine(line);
        }
    }
}
