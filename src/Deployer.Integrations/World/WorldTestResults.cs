using Deployer.Core.Manifests;
using Deployer.Core.Ports;

namespace Deployer.Integrations.World;

/// <summary><see cref="ITestResults"/> over the world file's <c>tests</c>; the last listed result of a suite wins.</summary>
public sealed class WorldTestResults(Func<WorldFile> world) : ITestResults
{
    private readonly Func<WorldFile> _world = world ?? throw new ArgumentNullException(nameof(world));

    public Task<TestResult?> GetAsync(ServiceManifest manifest, string commit, string suite, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(commit);
        ArgumentNullException.ThrowIfNull(suite);
        var result = WorldFile.ForCommit(_world().Tests, commit)
            .SelectMany(kv => kv.Value)
            .LastOrDefault(r => string.Equals(r.Suite, suite, StringComparison.OrdinalIgnoreCase));
        return Task.FromResult(result is null ? null : result with { Commit = commit });
    }
}
