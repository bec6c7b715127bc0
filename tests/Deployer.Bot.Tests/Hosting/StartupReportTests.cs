using Deployer.Bot.Hosting;
using Deployer.Core.Manifests;
using LiteDB;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using NSubstitute;

namespace Deployer.Bot.Tests.Hosting;

public sealed class StartupReportTests
{
    [Fact]
    public async Task Says_how_to_set_the_gen0_budget_when_the_environment_lacks_it()
    {
        var logger = new ListLogger();

        await Start(new Dictionary<string, string?>(), logger);

        var line = Assert.Single(logger.Lines);
        Assert.Contains("DOTNET_GCgen0size=0x400000", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Is_quiet_when_the_gen0_budget_is_set()
    {
        var logger = new ListLogger();

        await Start(new Dictionary<string, string?> { [StartupReport.Gen0SizeVariable] = "0x400000" }, logger);

        Assert.Empty(logger.Lines);
    }

    private static async Task Start(Dictionary<string, string?> settings, ListLogger logger)
    {
        using var stream = new MemoryStream();
        using var database = new LiteDatabase(stream);
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var report = new StartupReport(Substitute.For<IManifestCatalog>(), database, configuration, logger);
        await report.StartAsync(CancellationToken.None);
    }

    private sealed class ListLogger : ILogger<StartupReport>
    {
        public List<string> Lines { get; } = [];

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            Lines.Add(formatter(state, exception));
    }
}
