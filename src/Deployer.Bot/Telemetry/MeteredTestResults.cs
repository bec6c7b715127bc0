using Deployer.Core.Manifests;
using Deployer.Core.Ports;
using Deployer.Core.Releases;

namespace Deployer.Bot.Telemetry;

/// <summary>Measures a test-results source's calls.</summary>
internal sealed class MeteredTestResults(ITestResults inner, DeployerMetrics metrics, TimeProvider time) : ITestResults
{
    public Task<TestResult?> GetAsync(ServiceManifest manifest, string commit, string suite, CancellationToken cancellationToken) =>
        OutsideCall.MeasureAsync(metrics, time, $"tests:{inner.GetType().Name}", "result", () => inner.GetAsync(manifest, commit, suite, cancellationToken));
}
