using System.Net;
using System.Net.Sockets;
using Deployer.Bot.Tests.Support;

namespace Deployer.Bot.Tests.Startup;

/// <summary>The built bot run as a process: <c>--help</c>, and start-ups refused with one line per problem.</summary>
public sealed class StartupProcessTests : IDisposable
{
    private readonly TempDir _dir = new();

    [Theory]
    [InlineData("--help")]
    [InlineData("-h")]
    public async Task Help_prints_usage_and_exits_without_starting(string flag)
    {
        var (exit, stdout, stderr) = await BotProcess.RunAsync(Settings(), flag, "--Engine:Interval=5s");

        Assert.True(exit == 0, $"exit {exit}: {stderr}");
        Assert.Contains("plan [--manifests DIR] [--service S] [--world FILE] [--json]", stdout, StringComparison.Ordinal);
        Assert.Contains("store check | store repair | store backup <file>", stdout, StringComparison.Ordinal);
        Assert.Contains("SocketMode", stdout, StringComparison.Ordinal);
        Assert.Contains("Slack__BotToken", stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("Loaded", stdout, StringComparison.Ordinal);
        Assert.False(File.Exists(_dir.File("deployer.db")), "--help must not open the store");
    }

    [Fact]
    public async Task Missing_tokens_print_one_line_each_naming_key_and_variable_without_a_stack_trace()
    {
        var (exit, stdout, stderr) = await BotProcess.RunAsync(Settings(("Slack__Mode", "SocketMode"), ("Engine__MaxParallelism", "0")));

        Assert.Equal(1, exit);
        var lines = ErrorLines(stderr);
        Assert.Contains(lines, l => l.StartsWith("Configuration error: Slack:BotToken (Slack__BotToken) is required in SocketMode mode", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("Configuration error: Slack:AppToken (Slack__AppToken) is required in SocketMode mode", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("Configuration error: Engine:MaxParallelism (Engine__MaxParallelism) must be between 1 and 1024", StringComparison.Ordinal));
        NoStackTrace(stdout + stderr);
    }

    [Fact]
    public async Task An_unknown_mode_lists_the_valid_ones()
    {
        var (exit, stdout, stderr) = await BotProcess.RunAsync(Settings(("Slack__Mode", "Sockets")));

        Assert.Equal(1, exit);
        var line = Assert.Single(ErrorLines(stderr));
        Assert.Equal("Configuration error: Slack:Mode (Slack__Mode): the value 'Sockets' is not valid; use one of Console, SocketMode, Http", line);
        NoStackTrace(stdout + stderr);
    }

    [Fact]
    public async Task An_unparsable_duration_names_the_key_and_the_forms_it_takes()
    {
        var (exit, stdout, stderr) = await BotProcess.RunAsync(Settings(("Engine__Interval", "soon")));

        Assert.Equal(1, exit);
        Assert.Contains("Engine:Interval (Engine__Interval) is 'soon', which is not a duration like 90s, 30m, 1h30m", stderr, StringComparison.Ordinal);
        NoStackTrace(stdout + stderr);
    }

    [Fact]
    public async Task A_simulator_interval_in_the_wrong_form_asks_for_a_TimeSpan()
    {
        var (exit, stdout, stderr) = await BotProcess.RunAsync(Settings(("Local__Simulator__Interval", "45s")));

        Assert.Equal(1, exit);
        Assert.Contains("Configuration error: Local:Simulator:Interval (Local__Simulator__Interval): the value '45s' is not valid; use a TimeSpan such as 00:00:45", stderr, StringComparison.Ordinal);
        NoStackTrace(stdout + stderr);
    }

    [Fact]
    public async Task A_port_in_use_says_so_and_names_Urls()
    {
        using var busy = new TcpListener(IPAddress.Loopback, 0);
        busy.Start();
        var port = ((IPEndPoint)busy.LocalEndpoint).Port;

        var (exit, stdout, stderr) = await BotProcess.RunAsync(Settings(("Urls", $"http://127.0.0.1:{port}")));

        Assert.Equal(1, exit);
        var line = Assert.Single(ErrorLines(stderr));
        Assert.StartsWith($"Configuration error: 127.0.0.1:{port} is in use; set Urls", line, StringComparison.Ordinal);
        NoStackTrace(stdout + stderr);
    }

    private Dictionary<string, string?> Settings(params (string Key, string Value)[] extra)
    {
        var settings = new Dictionary<string, string?> { ["Store__Path"] = _dir.File("deployer.db"), ["Local__Simulator__Enabled"] = "false" };
        foreach (var (key, value) in extra)
        {
            settings[key] = value;
        }

        return settings;
    }

    private static List<string> ErrorLines(string stderr) =>
        stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Where(l => l.StartsWith("Configuration error:", StringComparison.Ordinal)).ToList();

    private static void NoStackTrace(string output)
    {
        Assert.DoesNotContain("   at ", output, StringComparison.Ordinal);
        Assert.DoesNotContain("Unhandled exception", output, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", output, StringComparison.Ordinal);
    }

    public void Dispose() => _dir.Dispose();
}
