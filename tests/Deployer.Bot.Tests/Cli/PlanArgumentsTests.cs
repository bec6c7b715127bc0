using Deployer.Bot.Cli;

namespace Deployer.Bot.Tests.Cli;

public sealed class PlanArgumentsTests
{
    [Fact]
    public void Parses_every_option()
    {
        var (args, error) = PlanArguments.Parse(["--manifests", "m", "--service", "router", "--world", "w.json", "--json"]);
        Assert.Null(error);
        Assert.Equal(new PlanArguments { Manifests = "m", Service = "router", World = "w.json", Json = true }, args);
    }

    [Theory]
    [InlineData("--world")]
    [InlineData("--service", "--json")]
    [InlineData("--colour", "blue")]
    public void Rejects_missing_values_and_unknown_options(params string[] argv)
    {
        var (args, error) = PlanArguments.Parse(argv);
        Assert.Null(args);
        Assert.NotNull(error);
    }

    [Fact]
    public async Task Help_prints_usage_with_both_modes_and_a_bad_argument_exits_2()
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        Assert.Equal(0, await PlanCommand.RunAsync(["--help"], output, error));
        Assert.Contains("usage: Deployer.Bot plan [--world FILE]", output.ToString(), StringComparison.Ordinal);
        Assert.Contains("without --world", output.ToString(), StringComparison.Ordinal);

        Assert.Equal(2, await PlanCommand.RunAsync(["--wrold", "x.json"], output, error));
        Assert.Contains("unknown argument '--wrold'", error.ToString(), StringComparison.Ordinal);
    }
}
