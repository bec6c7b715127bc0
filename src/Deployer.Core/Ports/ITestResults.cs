using Deployer.Core.Manifests;

namespace Deployer.Core.Ports;

/// <summary>Integration test results per commit (GitHub check runs, a webhook store, the local world file).</summary>
public interface ITestResults
{
    /// <summary>The latest result of <paramref name="suite"/> for <paramref name="commit"/>, or null when none exists yet. Throws when unreadable.</summary>
    Task<TestResult?> GetAsync(ServiceManifest manifest, string commit, string suite, CancellationToken cancellationToken);
}
