using System.Diagnostics.Metrics;

namespace Deployer.Bot.Tests.Support;

/// <summary>A meter factory for one test: meters it creates are its own, not shared with other hosts in the process.</summary>
internal sealed class TestMeterFactory : IMeterFactory
{
    public Meter Create(MeterOptions options) => new(options);

    public void Dispose()
    {
    }
}
