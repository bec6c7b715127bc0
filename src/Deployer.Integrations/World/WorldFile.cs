using Deployer.Core.Holds;
using Deployer.Core.Ports;
using Deployer.Core.Releases;

namespace Deployer.Integrations.World;

/// <summary>
/// Every outside system in one JSON document, for <c>plan --world FILE</c> and local mode: releases per target,
/// alerts, Librato, incidents, test results, branch membership and holds. Every field is optional.
/// </summary>
public sealed record WorldFile
{
    public static WorldFile Empty { get; } = new();

    /// <summary>The instant the world describes; null means "the real clock".</summary>
    public DateTimeOffset? Now { get; init; }

    /// <summary>The current release per target name (case-insensitive).</summary>
    public IReadOnlyDictionary<string, Release> Releases { get; init; } = new Dictionary<string, Release>(StringComparer.OrdinalIgnoreCase);

    public IReadOnlyList<WorldAlert> Alerts { get; init; } = [];
    public WorldLibrato Librato { get; init; } = WorldLibrato.None;
    public IReadOnlyList<Incident> Incidents { get; init; } = [];

    /// <summary>Test results per commit (full or short sha), in file order.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<TestResult>> Tests { get; init; } = new Dictionary<string, IReadOnlyList<TestResult>>(StringComparer.OrdinalIgnoreCase);

    /// <summary>The branches each commit (full or short sha) is on.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> Branches { get; init; } = new Dictionary<string, IReadOnlyList<string>>(StringComparer.OrdinalIgnoreCase);

    public IReadOnlyList<Hold> Holds { get; init; } = [];

    /// <summary>Parses a world file's text; <paramref name="fileName"/> only labels errors.</summary>
    public static WorldParseResult Parse(string json, string fileName) => WorldFileReader.Parse(json, fileName);

    /// <summary>Reads and parses a world file.</summary>
    public static WorldParseResult Load(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        try
        {
            return Parse(File.ReadAllText(path), Path.GetFileName(path));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return new WorldParseResult(null, [new WorldFileError(Path.GetFileName(path), "$", $"cannot read file: {ex.Message}")]);
        }
    }

    /// <summary>The entries of a commit-keyed map whose key names <paramref name="commit"/> (prefix match, at least 7 characters).</summary>
    public static IEnumerable<KeyValuePair<string, T>> ForCommit<T>(IReadOnlyDictionary<string, T> map, string commit)
    {
        ArgumentNullException.ThrowIfNull(map);
        return string.IsNullOrEmpty(commit) ? [] : map.Where(kv => Release.CommitsMatch(kv.Key, commit));
    }
}
