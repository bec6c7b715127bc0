using Deployer.Bot.ChatOps;
using Deployer.Bot.Startup;
using Deployer.Bot.Tests.Support;
using Deployer.Core.Commands;
using Deployer.Core.Manifests;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Deployer.Bot.Tests.Startup;

public sealed class SlackModeWarningsTests
{
    private static readonly ServiceManifest Demo = ManifestParser.Parse(TestBot.DemoManifest, "demo.json").Manifest!;

    [Fact]
    public async Task In_a_Slack_mode_warns_that_nobody_is_authorized_and_that_the_simulator_invents_releases()
    {
        var lines = await StartAsync(ChatMode.SocketMode, new AuthorizationOptions(), simulator: null);

        Assert.Equal(2, lines.Count);
        Assert.Contains(lines, l => l.Contains("nobody can hold, resume, force-promote or approve", StringComparison.Ordinal) && l.Contains("Authorization__Operators__0", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("THE LOCAL RELEASE SIMULATOR IS RUNNING", StringComparison.Ordinal) && l.Contains(Demo.Service, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Is_quiet_when_people_are_authorized_and_the_simulator_is_off()
    {
        var lines = await StartAsync(ChatMode.Http, new AuthorizationOptions { Operators = ["U0ALICE"] }, simulator: "false");

        Assert.Empty(lines);
    }

    [Fact]
    public async Task Is_quiet_in_console_mode()
    {
        var lines = await StartAsync(ChatMode.Console, new AuthorizationOptions(), simulator: null);

        Assert.Empty(lines);
    }

    private static async Task<List<string>> StartAsync(ChatMode mode, AuthorizationOptions authorization, string? simulator)
    {
        var logger = new ListLogger();
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Local:Simulator:Enabled"] = simulator }).Build();
        var warnings = new SlackModeWarnings(
            Options.Create(new SlackModeOptions { Mode = mode }), Options.Create(authorization), new ManifestCatalog([Demo]), configuration, logger);
        await warnings.StartAsync(CancellationToken.None);
        return logger.Lines;
    }

    private sealed class ListLogger : ILogger<SlackModeWarnings>
    {
        public List<string> Lines { get; } = [];

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            Lines.Add(formatter(state, exception));
    }
}
