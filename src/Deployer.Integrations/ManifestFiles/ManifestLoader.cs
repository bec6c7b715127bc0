using System.Globalization;
using System.Runtime.ExceptionServices;
using Deployer.Core.Manifests;

namespace Deployer.Integrations.ManifestFiles;

/// <summary>
/// Reads <c>manifests/*.json</c> from disk and hands each text to <see cref="ManifestParser"/>.
/// A broken manifest is reported (file, JSON path, problem) and skipped; the others still load.
/// </summary>
public static class ManifestLoader
{
    /// <summary>How the schemas' file names end (manifest.schema.json, world.schema.json); they sit next to the manifests and are never loaded as one.</summary>
    public const string SchemaFileSuffix = ".schema.json";

    /// <summary>The default largest manifest read (1 MiB); larger files are refused by their size, unread.</summary>
    public const long DefaultMaxFileBytes = 1 << 20;

    /// <summary>Loads every <c>*.json</c> directly in <paramref name="directory"/> (not subfolders such as <c>examples/</c>).</summary>
    public static ManifestLoadResult LoadDirectory(string directory, long maxFileBytes = DefaultMaxFileBytes)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        if (!Directory.Exists(directory))
        {
            return new ManifestLoadResult([], [new ManifestError(directory, JsonPaths.Root, "manifest directory does not exist")]);
        }

        var files = Directory.EnumerateFiles(directory, "*.json", SearchOption.TopDirectoryOnly)
            .Where(f => !f.EndsWith(SchemaFileSuffix, StringComparison.OrdinalIgnoreCase))
            .Order(StringComparer.Ordinal)
            .ToList();

        // Validation dominates start-up with many manifests, so files load in parallel; each result lands in its
        // file's slot and the lists are joined in file order, so the outcome is the same as loading one by one.
        var results = new ManifestLoadResult[files.Count];
        try
        {
            Parallel.For(0, files.Count, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, i => results[i] = LoadFile(files[i], maxFileBytes));
        }
        catch (AggregateException ex) when (ex.InnerExceptions.Count > 0)
        {
            // Surface the bug itself, as the one-by-one loop did, not the parallel wrapper.
            ExceptionDispatchInfo.Throw(ex.InnerExceptions[0]);
        }

        var loaded = results.SelectMany(r => r.Manifests).ToList();
        var errors = results.SelectMany(r => r.Errors).ToList();

        // Two files claiming one service: neither is trusted, since picking one would be a guess.
        var duplicates = loaded.GroupBy(m => m.Service, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1).ToList();
        foreach (var group in duplicates)
        {
            var names = group.Select(m => Path.GetFileName(m.SourceFile ?? "?")).ToList();
            foreach (var manifest in group)
            {
                var self = Path.GetFileName(manifest.SourceFile ?? "?");
                errors.Add(new ManifestError(self, "$.service",
                    $"service '{manifest.Service}' is also defined in {string.Join(", ", names.Where(n => n != self))}; neither is loaded"));
            }
        }

        var skipped = duplicates.SelectMany(g => g).ToHashSet();
        return new ManifestLoadResult(loaded.Where(m => !skipped.Contains(m)).ToList(), errors);
    }

    /// <summary>Loads one manifest file; errors name it by its file name. A file over <paramref name="maxFileBytes"/> is refused unread.</summary>
    public static ManifestLoadResult LoadFile(string path, long maxFileBytes = DefaultMaxFileBytes)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var name = Path.GetFileName(path);
        string json;
        try
        {
            var size = new FileInfo(path).Length;
            if (size > maxFileBytes)
            {
                return new ManifestLoadResult([], [new ManifestError(name, JsonPaths.Root,
                    $"file is {size.ToString("N0", CultureInfo.InvariantCulture)} bytes, over the {maxFileBytes.ToString("N0", CultureInfo.InvariantCulture)}-byte limit (Manifests:MaxFileBytes); not read")]);
            }

            json = File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return new ManifestLoadResult([], [new ManifestError(name, JsonPaths.Root, $"cannot read file: {ex.Message}")]);
        }

        var result = ManifestParser.Parse(json, name);
        return result.Succeeded
            ? new ManifestLoadResult([result.Manifest with { SourceFile = Path.GetFullPath(path) }], [])
            : new ManifestLoadResult([], result.Errors);
    }
}
