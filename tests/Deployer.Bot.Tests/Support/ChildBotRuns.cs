using Xunit.Abstractions;

namespace Deployer.Bot.Tests.Support;

/// <summary>The two runs every crash test makes: a bot that must die at a fault point, then a bot that must say a line.</summary>
internal static class ChildBotRuns
{
    /// <summary>
    /// The settings of a child bot on the folder's <c>manifests/</c> and its own LiteDB file, cycling every 200 ms, with no
    /// world file, simulator or console reader; <paramref name="extra"/> adds to them.
    /// </summary>
    public static string[] Settings(params string[] extra) =>
    [
        "--Urls=http://127.0.0.1:0",
        "--Manifests:Path=manifests",
        "--Store:Path=data/deployer.db",
        "--Engine:Interval=00:00:00.200",
        "--Local:WorldFile=",
        "--Local:Simulator:Enabled=false",
        "--ChatOps:ReadConsole=false",
        .. extra,
    ];

    /// <summary>
    /// Runs the bot with <c>DEPLOYER_CRASH_AT=<paramref name="point"/></c> until it dies there (SIGKILL to itself,
    /// as kill -9) and returns its output; fails when it exits cleanly or never reaches the point.
    /// </summary>
    public static async Task<string> CrashAtAsync(string root, string[] settings, string point, ITestOutputHelper output)
    {
        var crashing = ChildBot.Launch(root, settings, new Dictionary<string, string?> { ["DEPLOYER_CRASH_AT"] = point });
        int code;
        try
        {
            code = await crashing.WaitForExitAsync(TimeSpan.FromSeconds(90));
        }
        finally
        {
            output.WriteLine(crashing.Output);
            await crashing.DisposeAsync();
        }

        Assert.NotEqual(0, code);
        Assert.Contains($"DEPLOYER_CRASH_AT={point}", crashing.Output, StringComparison.Ordinal);
        return crashing.Output;
    }

    /// <summary>
    /// Starts the bot, waits until its output says <paramref name="line"/>, lets more cycles run (<paramref name="more"/>),
    /// stops it cleanly and returns its whole output.
    /// </summary>
    public static async Task<string> RunUntilAsync(string root, string[] settings, string line, string what, TimeSpan more, ITestOutputHelper output)
    {
        var bot = await ChildBot.StartAsync(root, settings);
        try
        {
            await Eventually.TrueAsync(() => bot.Output.Contains(line, StringComparison.Ordinal), what, TimeSpan.FromSeconds(60));
            await Task.Delay(more);
            Assert.Equal(0, await bot.StopAsync());
            return bot.Output;
        }
        finally
        {
            output.WriteLine(bot.Output);
            await bot.DisposeAsync();
        }
    }
}
