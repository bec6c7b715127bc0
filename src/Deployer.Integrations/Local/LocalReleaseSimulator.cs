using System.Globalization;
using Deployer.Core.Manifests;
using Deployer.Core.Releases;

namespace Deployer.Integrations.Local;

/// <summary>
/// Plays CI for local mode: lands a new release (random commit, usually on the manifest's branch, sometimes another)
/// on a pipeline's first stage and records how its integration tests will go, so the engine always has fresh work.
/// </summary>
public sealed class LocalReleaseSimulator
{
    private readonly LocalPlatform _platform;
    private readonly TimeProvider _time;
    private readonly Random _random;
    private readonly LocalSimulatorSettings _settings;

    public LocalReleaseSimulator(LocalPlatform platform, TimeProvider time, LocalSimulatorSettings settings, Random? random = null)
    {
        _platform = platform ?? throw new ArgumentNullException(nameof(platform));
        _time = time ?? throw new ArgumentNullException(nameof(time));
        _settings = settings ?? throw new ArgumentNullException(nameof(settings));
        _random = random ?? Random.Shared;
    }

    /// <summary>Lands a new release on <paramref name="manifest"/>'s first stage and returns it.</summary>
    public Release Land(ServiceManifest manifest)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        if (!string.Equals(manifest.Platform.Kind, LocalPlatform.PlatformKind, StringComparison.OrdinalIgnoreCase))
        {
            throw new ArgumentException($"{manifest.Service} runs on '{manifest.Platform.Kind}', not the local platform", nameof(manifest));
        }

        double branchRoll, testRoll;
        int branchPick;
        lock (_random)
        {
            branchRoll = _random.NextDouble();
            testRoll = _random.NextDouble();
            branchPick = _random.Next(Math.Max(1, _settings.OtherBranches.Count));
        }

        var now = _time.GetUtcNow();
        var version = _platform.MaxVersion(manifest) + 1;
        var branch = branchRoll < _settings.OtherBranchRatio && _settings.OtherBranches.Count > 0
            ? _settings.OtherBranches[branchPick]
            : manifest.Branch;
        var release = new Release
        {
            Id = string.Create(CultureInfo.InvariantCulture, $"v{version}"),
            Version = version,
            Commit = _platform.NewCommit(),
            Branch = branch,
            CreatedAt = now,
            Description = "simulated build",
        };
        _platform.Land(manifest, release, testsPass: testRoll >= _settings.TestFailureRatio, testsDoneAt: now + _settings.TestDuration);
        return release;
    }

    /// <summary>Which of <paramref name="manifests"/> (local ones only) gets the next release.</summary>
    public ServiceManifest? Pick(IReadOnlyList<ServiceManifest> manifests)
    {
        ArgumentNullException.ThrowIfNull(manifests);
        var local = manifests.Where(m => string.Equals(m.Platform.Kind, LocalPlatform.PlatformKind, StringComparison.OrdinalIgnoreCase)).ToList();
        if (local.Count == 0)
        {
            return null;
        }

        lock (_random)
        {
            return local[_random.Next(local.Count)];
        }
    }
}
