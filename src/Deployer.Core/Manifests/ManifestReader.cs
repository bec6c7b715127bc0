using System.Globalization;
using System.Text.Json;

namespace Deployer.Core.Manifests;

/// <summary>
/// Maps a schema-valid manifest document to <see cref="ServiceManifest"/>, checking what a schema cannot:
/// durations, time zones, hour ranges, freeze order, duplicate stages and targets, matchers and stage references.
/// </summary>
internal sealed partial class ManifestReader(string file)
{
    private static readonly Dictionary<string, DayOfWeek> Days = new(StringComparer.OrdinalIgnoreCase)
    {
        ["Mon"] = DayOfWeek.Monday,
        ["Tue"] = DayOfWeek.Tuesday,
        ["Wed"] = DayOfWeek.Wednesday,
        ["Thu"] = DayOfWeek.Thursday,
        ["Fri"] = DayOfWeek.Friday,
        ["Sat"] = DayOfWeek.Saturday,
        ["Sun"] = DayOfWeek.Sunday,
    };

    private readonly List<ManifestError> _errors = [];

    public IReadOnlyList<ManifestError> Errors => _errors;

    public ServiceManifest? Read(JsonElement root)
    {
        const string r = JsonPaths.Root;
        var service = String(root, "service") ?? "";
        var topBranch = String(root, "branch");
        var platform = root.TryGetProperty("platform", out var p) ? ReadPlatform(p, JsonPaths.Property(r, "platform")) : new PlatformSpec();
        var stages = ReadStages(root.GetProperty("stages"), JsonPaths.Property(r, "stages"));
        var checks = root.TryGetProperty("checks", out var c) ? ReadChecks(c, JsonPaths.Property(r, "checks")) : new ChecksSpec();
        if (topBranch is not null && checks.Branch is null)
        {
            checks = checks with { Branch = new BranchSpec(topBranch) };
        }

        CheckAlertStages(checks, JsonPaths.Property(r, "checks"), stages);
        for (var i = 0; i < stages.Count; i++)
        {
            CheckAlertStages(stages[i].Checks, JsonPaths.Property(JsonPaths.Index(JsonPaths.Property(r, "stages"), i), "checks"), stages);
        }

        if (_errors.Count > 0)
        {
            return null;
        }

        return new ServiceManifest
        {
            Service = service,
            Repository = String(root, "repository"),
            Slack = new SlackSpec { Channel = root.TryGetProperty("slack", out var slack) ? String(slack, "channel") : null },
            Owners = Strings(root, "owners"),
            Platform = platform,
            Branch = topBranch ?? "main",
            Stages = stages,
            Checks = checks,
        };
    }

    private List<StageSpec> ReadStages(JsonElement array, string path)
    {
        var stages = new List<StageSpec>();
        var stageByName = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        var stageByTarget = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var i = 0;
        foreach (var element in array.EnumerateArray())
        {
            var at = JsonPaths.Index(path, i);
            var name = String(element, "name") ?? "";
            if (!stageByName.TryAdd(name, i))
            {
                Error(JsonPaths.Property(at, "name"), $"duplicate stage name '{name}' (also $.stages[{stageByName[name]}])");
            }

            var targets = Strings(element, "targets");
            for (var t = 0; t < targets.Count; t++)
            {
                if (!stageByTarget.TryAdd(targets[t], name))
                {
                    var other = stageByTarget[targets[t]];
                    Error(JsonPaths.Index(JsonPaths.Property(at, "targets"), t), string.Equals(other, name, StringComparison.OrdinalIgnoreCase)
                        ? $"target '{targets[t]}' is listed twice"
                        : $"target '{targets[t]}' is already in stage '{other}'");
                }
            }

            stages.Add(new StageSpec
            {
                Name = name,
                Targets = targets,
                Checks = element.TryGetProperty("checks", out var checks) ? ReadChecks(checks, JsonPaths.Property(at, "checks")) : null,
            });
            i++;
        }

        return stages;
    }

    private PlatformSpec ReadPlatform(JsonElement element, string path)
    {
        var spec = new PlatformSpec
        {
            Kind = String(element, "kind") ?? "local",
            Pipeline = String(element, "pipeline"),
            Current = String(element, "current"),
            Promote = String(element, "promote"),
            Timeout = element.TryGetProperty("timeout", out var timeout) ? Duration(timeout, JsonPaths.Property(path, "timeout")) : null,
        };
        switch (spec.Kind)
        {
            case "heroku" when spec.Pipeline is null:
                Error(path, "platform 'heroku' needs 'pipeline'");
                break;
            case "command" when spec.Current is null || spec.Promote is null:
                Error(path, "platform 'command' needs both 'current' and 'promote' commands");
                break;
        }

        return spec;
    }

    private void CheckAlertStages(ChecksSpec? checks, string path, List<StageSpec> stages)
    {
        var alerts = checks?.Alerts ?? [];
        for (var i = 0; i < alerts.Count; i++)
        {
            for (var s = 0; s < alerts[i].Stages.Count; s++)
            {
                var name = alerts[i].Stages[s];
                if (!stages.Any(st => string.Equals(st.Name, name, StringComparison.OrdinalIgnoreCase)))
                {
                    Error(JsonPaths.Index(JsonPaths.Property(JsonPaths.Index(JsonPaths.Property(path, "alerts"), i), "stages"), s),
                        $"unknown stage '{name}' (stages: {string.Join(", ", stages.Select(st => st.Name))})");
                }
            }
        }
    }

    private DateTimeOffset? Timestamp(JsonElement element, string property, string path)
    {
        var text = String(element, property) ?? "";
        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var value))
        {
            return value;
        }

        Error(JsonPaths.Property(path, property), $"'{text}' is not an ISO 8601 timestamp like 2026-12-20T00:00:00Z");
        return null;
    }

    private TimeSpan? Duration(JsonElement element, string path)
    {
        var text = element.ValueKind == JsonValueKind.String ? element.GetString() : element.GetRawText();
        if (DurationParser.TryParse(text, out var duration))
        {
            return duration;
        }

        Error(path, $"'{text}' is not {DurationParser.Expected}");
        return null;
    }

    private static CheckMode Mode(JsonElement element) =>
        String(element, "mode") is { } mode && string.Equals(mode, "shadow", StringComparison.OrdinalIgnoreCase) ? CheckMode.Shadow : CheckMode.Enforce;

    private static string? String(JsonElement element, string property) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;

    private static List<string> Strings(JsonElement element, string property) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.Array
            ? value.EnumerateArray().Where(v => v.ValueKind == JsonValueKind.String).Select(v => v.GetString()!).ToList()
            : [];

    private void Error(string path, string message) => _errors.Add(new ManifestError(file, path, message));
}
