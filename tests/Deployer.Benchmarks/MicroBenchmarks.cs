namespace Deployer.Benchmarks;

public static class MicroBenchmarks
{
    public static int Run(BenchOptions options) => throw new NotImplementedException();
}
