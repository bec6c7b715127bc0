namespace Deployer.Benchmarks;

public static class CommandsScenario
{
    public static Task<Report> RunAsync(BenchOptions options) => throw new NotImplementedException();
}
