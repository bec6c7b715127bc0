using System.Collections.Concurrent;
using Deployer.Core.Manifests;
using Deployer.Core.Ports;
using Deployer.Core.Releases;

namespace Deployer.Core.Engine;

/// <summary>
/// Outside data for one cycle. Each source is asked at most once per cycle (alerts: one query per source for every
/// watched alert of every manifest; incidents likewise), lazily, so a cycle where nothing differs calls nothing.
/// </summary>
public sealed class CycleSources
{
    private readonly Dictionary<string, IAlertSource> _alertSources;
    private readonly Dictionary<string, IIncidentSource> _incidentSources;
    private readonly string? _defaultIncidentSource;
    private readonly ITestResults? _tests;
    private readonly ICommitInfo? _commits;
    private readonly Dictionary<string, List<AlertSpec>> _specsBySource;
    private readonly Dictionary<string, List<string>> _servicesByIncidentSource;
    private readonly ConcurrentDictionary<string, Lazy<Task<IReadOnlyDictionary<string, AlertStatus>>>> _alerts = new();
    private readonly ConcurrentDictionary<string, Lazy<Task<IReadOnlyList<Incident>>>> _incidents = new();
    private readonly ConcurrentDictionary<string, Lazy<Task<TestResult?>>> _testResults = new();
    private readonly ConcurrentDictionary<string, Lazy<Task<BranchMembership>>> _branches = new();
    private readonly CancellationToken _cycleToken;
    private int _outsideCalls;

    public CycleSources(
        IEnumerable<ServiceManifest> manifests,
        IEnumerable<IAlertSource> alertSources,
        IEnumerable<IIncidentSource> incidentSources,
        ITestResults? tests,
        ICommitInfo? commits,
        CancellationToken cycleToken)
    {
        // Several sources may claim one name (a real adapter and the local world file): the first registered wins.
        _alertSources = alertSources.DistinctBy(s => s.Source, StringComparer.OrdinalIgnoreCase).ToDictionary(s => s.Source, StringComparer.OrdinalIgnoreCase);
        var incidentList = incidentSources.ToList();
        _incidentSources = incidentList.DistinctBy(s => s.Source, StringComparer.OrdinalIgnoreCase).ToDictionary(s => s.Source, StringComparer.OrdinalIgnoreCase);
        _defaultIncidentSource = incidentList.FirstOrDefault()?.Source;
        _tests = tests;
        _commits = commits;
        _cycleToken = cycleToken;

        var all = manifests.ToList();
        _specsBySource = all
            .SelectMany(m => AllChecks(m).SelectMany(c => c.Alerts ?? []))
            .DistinctBy(a => a.Key)
            .GroupBy(a => a.Source, StringComparer.OrdinalIgnoreCase)
            .ToDictionary(g => g.Key, g => g.ToList(), StringComparer.OrdinalIgnoreCase);
        _servicesByIncidentSource = all
            .SelectMany(m => AllChecks(m).Select(c => c.Incidents).OfType<IncidentsSpec>())
            .SelectMany(i => i.Services.Select(s => (Source: i.Source ?? _defaultIncidentSource ?? "", Service: s)))
            .GroupBy(x => x.Source, StringComparer.OrdinalIgnoreCase)
            .ToDictionary(g => g.Key, g => g.Select(x => x.Service).Distinct(StringComparer.OrdinalIgnoreCase).ToList(), StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>Calls made to outside systems so far in this cycle.</summary>
    public int OutsideCalls => _outsideCalls;

    public Task<IReadOnlyDictionary<string, AlertStatus>> AlertsAsync(string source)
    {
        if (!_alertSources.TryGetValue(source, out var alertSource))
        {
            throw new CheckDataException($"no alert source '{source}' is configured");
        }

        return _alerts.GetOrAdd(source, s => new Lazy<Task<IReadOnlyDictionary<string, AlertStatus>>>(() =>
        {
            Interlocked.Increment(ref _outsideCalls);
            var specs = _specsBySource.TryGetValue(s, out var list) ? list : [];
            return alertSource.GetStatusAsync(specs, _cycleToken);
        })).Value;
    }

    public Task<IReadOnlyList<Incident>> IncidentsAsync(string? source)
    {
        var name = source ?? _defaultIncidentSource;
        if (name is null || !_incidentSources.TryGetValue(name, out var incidentSource))
        {
            throw new CheckDataException(name is null ? "no incident source is configured" : $"no incident source '{name}' is configured");
        }

        return _incidents.GetOrAdd(name, s => new Lazy<Task<IReadOnlyList<Incident>>>(() =>
        {
            Interlocked.Increment(ref _outsideCalls);
            var services = _servicesByIncidentSource.TryGetValue(s, out var list) ? list : [];
            return incidentSource.GetOpenIncidentsAsync(services, _cycleToken);
        })).Value;
    }

    public Task<TestResult?> TestResultAsync(ServiceManifest manifest, string commit, string suite)
    {
        var tests = _tests ?? throw new CheckDataException("no test results source is configured");
        return _testResults.GetOrAdd($"{manifest.Service}|{commit}|{suite}", _ => new Lazy<Task<TestResult?>>(() =>
        {
            Interlocked.Increment(ref _outsideCalls);
            return tests.GetAsync(manifest, commit, suite, _cycleToken);
        })).Value;
    }

    public Task<BranchMembership> BranchAsync(ServiceManifest manifest, Release release, string branch)
    {
        var commits = _commits ?? throw new CheckDataException("no source-control source is configured");
        return _branches.GetOrAdd($"{manifest.Repository ?? manifest.Service}|{release.Commit}|{branch}", _ => new Lazy<Task<BranchMembership>>(() =>
        {
            Interlocked.Increment(ref _outsideCalls);
            return commits.IsOnBranchAsync(manifest, release, branch, _cycleToken);
        })).Value;
    }

    private static IEnumerable<ChecksSpec> AllChecks(ServiceManifest manifest) =>
        manifest.Stages.Select(s => s.Checks).OfType<ChecksSpec>().Prepend(manifest.Checks);
}
