using Deployer.Core.Manifests;
using Deployer.Core.Ports;

namespace Deployer.Core.Engine;

/// <summary>Asks each test-results source in turn and takes the first that knows the suite.</summary>
public sealed class CompositeTestResults(IReadOnlyList<ITestResults> sources) : ITestResults
{
    public async Task<TestResult?> GetAsync(ServiceManifest manifest, string commit, string suite, CancellationToken cancellationToken)
    {
        foreach (var source in sources)
        {
            if (await source.GetAsync(manifest, commit, suite, cancellationToken) is { } result)
            {
                return result;
            }
        }

        return null;
    }
}
