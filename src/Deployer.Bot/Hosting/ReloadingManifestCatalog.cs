using Deployer.Core.Manifests;
using Deployer.Integrations.ManifestFiles;
using Microsoft.Extensions.Logging;

namespace Deployer.Bot.Hosting;

/// <summary>
/// The manifest folder, re-read when a file in it changes (<see cref="Reload"/>, called by <see cref="ManifestReloadJob"/>).
/// A manifest whose edit does not validate keeps its last good version in service; its errors show in
/// <see cref="Errors"/> (and so in <c>/healthz</c>) until the file is fixed.
/// </summary>
public sealed class ReloadingManifestCatalog : IManifestCatalog
{
    private readonly string _directory;
    private readonly long _maxFileBytes;
    private readonly ILogger _logger;
    private readonly Lock _gate = new();
    private volatile ManifestCatalog _current;
    private Dictionary<string, string> _stamps;

    public ReloadingManifestCatalog(string directory, ILogger logger, long maxFileBytes = ManifestLoader.DefaultMaxFileBytes)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        ArgumentNullException.ThrowIfNull(logger);
        _directory = directory;
        _maxFileBytes = maxFileBytes;
        _logger = logger;
        _stamps = Stamps(directory);
        _current = ManifestCatalogLoader.Load(directory, logger, maxFileBytes);
    }

    public IReadOnlyList<ServiceManifest> All => _current.All;

    public IReadOnlyList<ManifestError> Errors => _current.Errors;

    public ServiceManifest? Find(string service) => _current.Find(service);

    /// <summary>Re-reads the folder if any manifest's name, size or time changed; null when nothing changed.</summary>
    public ManifestReload? Reload()
    {
        lock (_gate)
        {
            var stamps = Stamps(_directory);
            if (stamps.Count == _stamps.Count && stamps.All(s => _stamps.GetValueOrDefault(s.Key) == s.Value))
            {
                return null;
            }

            var previous = _stamps;
            _stamps = stamps;
            var before = _current;
            var result = ManifestLoader.LoadDirectory(_directory, _maxFileBytes);
            var broken = result.Errors.Select(e => e.File).ToHashSet(StringComparer.OrdinalIgnoreCase);
            var loaded = result.Manifests.Select(m => m.Service).ToHashSet(StringComparer.OrdinalIgnoreCase);

            // A file that no longer validates keeps serving its last good manifest (unless another file now owns the service).
            var kept = before.All
                .Where(m => m.SourceFile is { } f && broken.Contains(Path.GetFileName(f)) && !loaded.Contains(m.Service))
                .ToList();
            var next = new ManifestCatalog([.. result.Manifests, .. kept], result.Errors);
            _current = next;

            var reload = new ManifestReload(
                Added: [.. next.All.Where(m => before.Find(m.Service) is null).Select(m => m.Service)],
                Changed: [.. result.Manifests.Where(m => before.Find(m.Service) is not null && Touched(m, previous, stamps)).Select(m => m.Service)],
                Removed: [.. before.All.Where(m => next.Find(m.Service) is null).Select(m => m.Service)],
                Kept: kept,
                Errors: [.. result.Errors.Where(e => !before.Errors.Contains(e))]);
            foreach (var error in reload.Errors)
            {
                _logger.LogError("Manifest edit not loaded: {File}: {Path}: {Problem}", error.File, error.Path, error.Message);
            }

            foreach (var manifest in kept)
            {
                _logger.LogWarning("{Service} keeps its last good manifest until {File} is fixed", manifest.Service, Path.GetFileName(manifest.SourceFile));
            }

            if (reload.Added.Count + reload.Changed.Count + reload.Removed.Count > 0)
            {
                _logger.LogInformation("Manifests reloaded from {Directory}: added {Added}, changed {Changed}, removed {Removed}",
                    _directory, List(reload.Added), List(reload.Changed), List(reload.Removed));
            }

            return reload;
        }
    }

    private static string List(IReadOnlyList<string> services) => services.Count == 0 ? "none" : string.Join(", ", services);

    private static bool Touched(ServiceManifest manifest, Dictionary<string, string> before, Dictionary<string, string> now)
    {
        var file = Path.GetFileName(manifest.SourceFile ?? "");
        return before.GetValueOrDefault(file) != now.GetValueOrDefault(file);
    }

    /// <summary>Each manifest file's size and write time, by file name.</summary>
    private static Dictionary<string, string> Stamps(string directory) =>
        !Directory.Exists(directory)
            ? []
            : new DirectoryInfo(directory).EnumerateFiles("*.json", SearchOption.TopDirectoryOnly)
                .ToDictionary(f => f.Name, f => $"{f.Length}:{f.LastWriteTimeUtc.Ticks}", StringComparer.Ordinal);
}
