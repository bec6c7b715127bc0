using System.Text.Json;
using Deployer.Core.Holds;
using Deployer.Core.Manifests;
using Deployer.Core.Ports;
using Deployer.Core.Releases;

namespace Deployer.Integrations.World;

/// <summary>Reads a world file, collecting every problem with its JSON path rather than stopping at the first.</summary>
internal sealed partial class WorldFileReader
{
    private static readonly JsonDocumentOptions DocumentOptions = new() { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true };
    private static readonly string[] TopLevel = ["$schema", "now", "releases", "alerts", "librato", "incidents", "tests", "branches", "holds"];

    private readonly string _file;
    private readonly List<WorldFileError> _errors = [];

    private WorldFileReader(string file) => _file = file;

    public static WorldParseResult Parse(string json, string fileName)
    {
        ArgumentNullException.ThrowIfNull(json);
        ArgumentNullException.ThrowIfNull(fileName);
        try
        {
            using var document = JsonDocument.Parse(json, DocumentOptions);
            var reader = new WorldFileReader(fileName);
            var world = reader.Read(document.RootElement);
            return reader._errors.Count == 0 ? new WorldParseResult(world, []) : new WorldParseResult(null, reader._errors);
        }
        catch (JsonException ex)
        {
            return new WorldParseResult(null, [new WorldFileError(fileName, JsonPaths.Root, JsonPaths.DescribeSyntaxError(ex))]);
        }
    }

    private WorldFile? Read(JsonElement root)
    {
        const string r = JsonPaths.Root;
        if (!Expect(root, JsonValueKind.Object, r))
        {
            return null;
        }

        Known(root, r, TopLevel);
        var now = Optional(root, "now", r, Timestamp);
        return new WorldFile
        {
            Now = now,
            Releases = Map(root, "releases", r, ReadRelease),
            Alerts = List(root, "alerts", r, ReadAlert),
            Librato = Optional(root, "librato", r, ReadLibrato) ?? WorldLibrato.None,
            Incidents = List(root, "incidents", r, ReadIncident),
            Tests = Map<IReadOnlyList<TestResult>>(root, "tests", r, ReadTests),
            Branches = Map<IReadOnlyList<string>>(root, "branches", r, (e, p) => Strings(e, p)),
            Holds = List(root, "holds", r, (e, p) => ReadHold(e, p, now)),
        };
    }

    private Release? ReadRelease(JsonElement element, string path)
    {
        if (!Expect(element, JsonValueKind.Object, path))
        {
            return null;
        }

        Known(element, path, "id", "version", "commit", "branch", "createdAt", "status", "description");
        var commit = Required(element, "commit", path, String);
        var version = Optional(element, "version", path, Integer) ?? 0;
        var status = Optional(element, "status", path, (e, p) => Enum<ReleaseStatus>(e, p, "succeeded, pending, failed")) ?? ReleaseStatus.Succeeded;
        return commit is null ? null : new Release
        {
            Id = Optional(element, "id", path, String) ?? $"v{version}",
            Version = version,
            Commit = commit,
            Branch = Optional(element, "branch", path, String),
            // Unknown creation time reads as long ago: the world file describes a settled state unless it says otherwise.
            CreatedAt = Optional(element, "createdAt", path, Timestamp) ?? DateTimeOffset.MinValue,
            Status = status,
            Description = Optional(element, "description", path, String),
        };
    }

    private WorldAlert? ReadAlert(JsonElement element, string path)
    {
        if (!Expect(element, JsonValueKind.Object, path))
        {
            return null;
        }

        // Alerts may carry Alertmanager's other fields (annotations, fingerprint…); only these are read.
        var labels = Required(element, "labels", path, (e, p) => Map(e, p, String)) ?? new Dictionary<string, string>();
        return new WorldAlert(labels, Optional(element, "state", path, String) ?? WorldAlert.Active)
        {
            StartsAt = Optional(element, "startsAt", path, Timestamp),
        };
    }

    private WorldLibrato? ReadLibrato(JsonElement element, string path)
    {
        if (!Expect(element, JsonValueKind.Object, path))
        {
            return null;
        }

        Known(element, path, "firing");
        return new WorldLibrato(List(element, "firing", path, Integer).Select(id => id.GetValueOrDefault()).ToList());
    }

    private Incident? ReadIncident(JsonElement element, string path, int index)
    {
        if (!Expect(element, JsonValueKind.Object, path))
        {
            return null;
        }

        Known(element, path, "id", "service", "status", "title");
        var service = Required(element, "service", path, String);
        return service is null ? null : new Incident(
            Optional(element, "id", path, String) ?? $"I{index + 1}",
            service,
            Optional(element, "status", path, String) ?? "triggered",
            Optional(element, "title", path, String) ?? "");
    }

    private List<TestResult>? ReadTests(JsonElement element, string path, string commit)
    {
        if (element.ValueKind == JsonValueKind.Object)
        {
            return ReadTest(element, path, commit) is { } single ? [single] : null;
        }

        if (!Expect(element, JsonValueKind.Array, path, "an object or an array of objects"))
        {
            return null;
        }

        var results = new List<TestResult>();
        var i = 0;
        foreach (var item in element.EnumerateArray())
        {
            var at = JsonPaths.Index(path, i++);
            if (Expect(item, JsonValueKind.Object, at) && ReadTest(item, at, commit) is { } result)
            {
                results.Add(result);
            }
        }

        return results;
    }

    private TestResult? ReadTest(JsonElement element, string path, string commit)
    {
        Known(element, path, "suite", "status", "completedAt", "url");
        var suite = Required(element, "suite", path, String);
        var status = Required(element, "status", path, (e, p) => Enum<TestRunStatus>(e, p, "passed, failed, pending"));
        var completedAt = Optional(element, "completedAt", path, Timestamp);
        var url = Optional(element, "url", path, String);
        return suite is null || status is null ? null : new TestResult(suite, commit, status.Value, completedAt, url);
    }

    private Hold? ReadHold(JsonElement element, string path, DateTimeOffset? now)
    {
        if (!Expect(element, JsonValueKind.Object, path))
        {
            return null;
        }

        Known(element, path, "id", "service", "stage", "reason", "by", "createdAt", "until");
        var service = Required(element, "service", path, String);
        var reason = Required(element, "reason", path, String);
        var by = Required(element, "by", path, String);
        var createdAt = Optional(element, "createdAt", path, Timestamp) ?? now ?? DateTimeOffset.MinValue;
        var until = Optional(element, "until", path, Timestamp);
        if (service is null || reason is null || by is null)
        {
            return null;
        }

        var hold = new Hold { Service = service, Stage = Optional(element, "stage", path, String), Reason = reason, By = by, CreatedAt = createdAt, Until = until };
        return Optional(element, "id", path, String) is { } id ? hold with { Id = id } : hold;
    }
}
