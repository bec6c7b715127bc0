using System.Diagnostics;
using System.Text;
using CliWrap;

namespace Deployer.Bot.Tests.Support;

/// <summary>
/// The built bot as a real child process (<c>dotnet Deployer.Bot.dll</c>) on a folder used as its content root, run with
/// CliWrap. <see cref="KillHard"/> sends SIGKILL to the bot's own pid only, as a crash would: the scripts it started live on.
/// </summary>
internal sealed class ChildBot : IAsyncDisposable
{
    private readonly CommandTask<CommandResult> _run;
    private readonly CancellationTokenSource _forceful = new();
    private readonly CancellationTokenSource _graceful = new();
    private readonly StringBuilder _output = new();
    private readonly TaskCompletionSource _started = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private readonly System.Threading.Channels.Channel<string>? _input;

    private ChildBot(string root, IEnumerable<string> settings, IReadOnlyDictionary<string, string?>? environment, bool typed = false)
    {
        var arguments = new List<string> { RepoPaths.BotDll };
        arguments.AddRange(settings);
        var command = CliWrap.Cli.Wrap("dotnet");
        if (typed)
        {
            // Standard input stays open for TypeAsync (console commands), instead of ending at once.
            _input = System.Threading.Channels.Channel.CreateUnbounded<string>();
            var lines = _input.Reader;
            command = command.WithStandardInputPipe(PipeSource.Create(async (destination, ct) =>
            {
                await foreach (var line in lines.ReadAllAsync(ct))
                {
                    await destination.WriteAsync(Encoding.UTF8.GetBytes(line + "\n"), ct);
                    await destination.FlushAsync(ct);
                }
            }));
        }

        _run = command
            .WithArguments(arguments)
            .WithWorkingDirectory(root)
            .WithEnvironmentVariables(e => e.Set("DEPLOYER_ROOT", root).Set("DOTNET_CLI_TELEMETRY_OPTOUT", "1").Set(environment ?? new Dictionary<string, string?>()))
            .WithStandardOutputPipe(PipeTarget.ToDelegate(OnLine))
            .WithStandardErrorPipe(PipeTarget.ToDelegate(OnLine))
            .WithValidation(CommandResultValidation.None)
            .ExecuteAsync(_forceful.Token, _graceful.Token);
    }

    public int Pid => _run.ProcessId;

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>Starts the bot and waits until the host says it started.</summary>
    public static async Task<ChildBot> StartAsync(string root, IEnumerable<string> settings, TimeSpan? timeout = null)
    {
        var bot = Launch(root, settings);
        var finished = bot._run.Task;
        var first = await Task.WhenAny(bot._started.Task, finished).WaitAsync(timeout ?? TimeSpan.FromSeconds(60));
        if (first == finished)
        {
            throw new InvalidOperationException($"the bot exited before it started:\n{bot.Output}");
        }

        return bot;
    }

    /// <summary>Starts the bot with standard input kept open for <see cref="TypeAsync"/>, and waits until it started.</summary>
    public static async Task<ChildBot> StartTypedAsync(string root, IEnumerable<string> settings)
    {
        var bot = new ChildBot(root, settings, null, typed: true);
        var finished = bot._run.Task;
        if (await Task.WhenAny(bot._started.Task, finished).WaitAsync(TimeSpan.FromSeconds(60)) == finished)
        {
            throw new InvalidOperationException($"the bot exited before it started:\n{bot.Output}");
        }

        return bot;
    }

    /// <summary>Types one line on the bot's standard input (a console command).</summary>
    public async Task TypeAsync(string line) =>
        await (_input ?? throw new InvalidOperationException("started without standard input")).Writer.WriteAsync(line);

    /// <summary>Starts the bot without waiting for it (it may end before it says it started).</summary>
    public static ChildBot Launch(string root, IEnumerable<string> settings, IReadOnlyDictionary<string, string?>? environment = null) =>
        new(root, settings, environment);

    /// <summary>Waits until the process ended on its own; returns its exit code.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan timeout) => (await _run.Task.WaitAsync(timeout)).ExitCode;

    /// <summary>SIGKILL to the bot process alone (not its children), and waits until it is gone.</summary>
    public async Task KillHardAsync()
    {
        SignalKill();
        await _run.Task.WaitAsync(TimeSpan.FromSeconds(30));
    }

    /// <summary>SIGKILL to the bot process alone, at once (callable from a file-watcher callback).</summary>
    public void SignalKill()
    {
        try
        {
            using var process = Process.GetProcessById(Pid);
            process.Kill(entireProcessTree: false);
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException)
        {
            // Already gone.
        }
    }

    /// <summary>Asks the bot to stop (SIGINT) and returns its exit code.</summary>
    public async Task<int> StopAsync()
    {
        await _graceful.CancelAsync();
        try
        {
            return (await _run.Task.WaitAsync(TimeSpan.FromSeconds(30))).ExitCode;
        }
        catch (OperationCanceledException)
        {
            return 0;
        }
    }

    public async ValueTask DisposeAsync()
    {
        _input?.Writer.TryComplete();
        if (!_run.Task.IsCompleted)
        {
            await _forceful.CancelAsync();
            try
            {
                await _run.Task.WaitAsync(TimeSpan.FromSeconds(30));
            }
            catch (OperationCanceledException)
            {
                // Killed as asked.
            }
        }

        _forceful.Dispose();
        _graceful.Dispose();
    }

    private void OnLine(string line)
    {
        lock (_output)
        {
            _output.AppendLine(line);
        }

        if (line.Contains("Application started", StringComparison.Ordinal))
        {
            _started.TrySetResult();
        }
    }
}
