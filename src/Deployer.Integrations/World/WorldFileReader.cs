using System.Text.Json;
using Deployer.Core.Holds;
using Deployer.Core.Manifests;
using Deployer.Core.Ports;
using Deployer.Core.Releases;

namespace Deployer.Integrations.World;

/// <summary>
/// Reads a world file: JSON syntax, then <see cref="WorldSchema"/> (every problem at once, each with its JSON path),
/// then System.Text.Json deserialization into <see cref="WorldDocument"/> and the defaults the format promises.
/// </summary>
internal sealed class WorldFileReader
{
    private static readonly JsonDocumentOptions DocumentOptions = new() { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true };
    private static readonly SchemaValidator Validator = new(WorldSchema.Text);

    private readonly string _file;
    private readonly List<WorldFileError> _errors = [];

    private WorldFileReader(string file) => _file = file;

    public static WorldParseResult Parse(string json, string fileName)
    {
        ArgumentNullException.ThrowIfNull(json);
        ArgumentNullException.ThrowIfNull(fileName);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, DocumentOptions);
        }
        catch (JsonException ex)
        {
            return new WorldParseResult(null, [new WorldFileError(fileName, JsonPaths.Root, JsonPaths.DescribeSyntaxError(ex))]);
        }

        using (document)
        {
            var schemaErrors = Validator.Validate(document.RootElement, fileName);
            if (schemaErrors.Count > 0)
            {
                return new WorldParseResult(null, [.. schemaErrors.Select(e => new WorldFileError(e.File, e.Path, e.Message))]);
            }

            var reader = new WorldFileReader(fileName);
            var world = reader.Read(document.RootElement);
            return reader._errors.Count == 0 && world is not null ? new WorldParseResult(world, []) : new WorldParseResult(null, reader._errors);
        }
    }

    private WorldFile? Read(JsonElement root)
    {
        WorldDocument? document;
        try
        {
            document = root.Deserialize<WorldDocument>(WorldDocument.Options);
        }
        catch (JsonException ex)
        {
            // What the schema cannot see and a converter refused (a 13th month), at its path.
            Error(ex.Path ?? JsonPaths.Root, ex.Message);
            return null;
        }

        if (document is null)
        {
            return null;
        }

        const string r = JsonPaths.Root;
        return new WorldFile
        {
            Now = document.Now,
            Releases = ByKey(document.Releases, JsonPaths.Property(r, "releases"), (_, d) => ToRelease(d)),
            Alerts = [.. (document.Alerts ?? []).Select(a => new WorldAlert(a.Labels ?? [], a.State ?? WorldAlert.Active) { StartsAt = a.StartsAt })],
            Librato = document.Librato is { } librato ? new WorldLibrato(librato.Firing ?? []) : WorldLibrato.None,
            Incidents = [.. (document.Incidents ?? []).Select((d, i) => new Incident(d.Id ?? $"I{i + 1}", d.Service, d.Status ?? "triggered", d.Title ?? ""))],
            Tests = ByKey<List<WorldDocument.TestDocument>, IReadOnlyList<TestResult>>(document.Tests, JsonPaths.Property(r, "tests"),
                (commit, tests) => [.. tests.Select(t => new TestResult(t.Suite, commit, t.Status, t.CompletedAt, t.Url))]),
            Branches = ByKey<List<string>, IReadOnlyList<string>>(document.Branches, JsonPaths.Property(r, "branches"), (_, branches) => branches),
            Holds = [.. (document.Holds ?? []).Select(d => ToHold(d, document.Now))],
        };
    }

    // Unknown creation time reads as long ago: the world file describes a settled state unless it says otherwise.
    private static Release ToRelease(WorldDocument.ReleaseDocument d) => new()
    {
        Id = d.Id ?? $"v{d.Version}",
        Version = d.Version,
        Commit = d.Commit,
        Branch = d.Branch,
        CreatedAt = d.CreatedAt ?? DateTimeOffset.MinValue,
        Status = d.Status,
        Description = d.Description,
    };

    private static Hold ToHold(WorldDocument.HoldDocument d, DateTimeOffset? now)
    {
        var hold = new Hold { Service = d.Service, Stage = d.Stage, Reason = d.Reason, By = d.By, CreatedAt = d.CreatedAt ?? now ?? DateTimeOffset.MinValue, Until = d.Until };
        return d.Id is { } id ? hold with { Id = id } : hold;
    }

    /// <summary>A case-insensitive map of <paramref name="source"/>; a key that differs from an earlier one only in case is an error.</summary>
    private Dictionary<string, TOut> ByKey<TIn, TOut>(Dictionary<string, TIn>? source, string path, Func<string, TIn, TOut> map)
    {
        var result = new Dictionary<string, TOut>(StringComparer.OrdinalIgnoreCase);
        foreach (var (key, value) in source ?? [])
        {
            if (!result.TryAdd(key, map(key, value)))
            {
                Error(JsonPaths.Property(path, key), $"'{key}' is listed twice");
            }
        }

        return result;
    }

    private void Error(string path, string message) => _errors.Add(new WorldFileError(_file, path, message));
}
