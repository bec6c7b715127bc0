using System.Text.Json;

namespace Deployer.Core.Manifests;

/// <summary>
/// Turns a schema-valid manifest document into <see cref="ServiceManifest"/>: System.Text.Json deserializes it into
/// <see cref="ManifestDocument"/>, then this checks what a schema cannot (time zones, hour ranges, freeze order,
/// duplicate stages and targets, matchers, stage references), collecting every problem with its JSON path.
/// </summary>
internal sealed partial class ManifestReader(string file)
{
    private readonly List<ManifestError> _errors = [];

    public IReadOnlyList<ManifestError> Errors => _errors;

    /// <summary>False when the document did not deserialize (a wrong type, a converter's refusal).</summary>
    public bool Deserialized { get; private set; }

    /// <summary>Deserializes and checks <paramref name="root"/>; null when something is wrong (see <see cref="Errors"/>).</summary>
    public ServiceManifest? Read(JsonElement root)
    {
        ManifestDocument? document;
        try
        {
            document = root.Deserialize<ManifestDocument>(ManifestDocument.Options);
        }
        catch (JsonException ex)
        {
            // What the schema cannot see and a converter refused (a duration past the largest TimeSpan), at its path.
            Error(ex.Path ?? JsonPaths.Root, ex.Message);
            return null;
        }

        Deserialized = document is not null;
        return document is null ? null : Read(document);
    }

    private ServiceManifest? Read(ManifestDocument document)
    {
        const string r = JsonPaths.Root;
        var platform = document.Platform ?? new PlatformSpec();
        CheckPlatform(platform, JsonPaths.Property(r, "platform"));
        var verify = ReadVerify(document.Verify, VerifySpec.Default, JsonPaths.Property(r, "verify")) ?? VerifySpec.Default;
        var stages = ReadStages(document.Stages, JsonPaths.Property(r, "stages"), verify);
        var checks = document.Checks is { } c ? ReadChecks(c, JsonPaths.Property(r, "checks")) : new ChecksSpec();
        if (document.Branch is not null && checks.Branch is null)
        {
            checks = checks with { Branch = new BranchSpec(document.Branch) };
        }

        CheckAlertStages(checks, JsonPaths.Property(r, "checks"), stages);
        for (var i = 0; i < stages.Count; i++)
        {
            CheckAlertStages(stages[i].Checks, JsonPaths.Property(JsonPaths.Index(JsonPaths.Property(r, "stages"), i), "checks"), stages);
        }

        return _errors.Count > 0 ? null : new ServiceManifest
        {
            Service = document.Service,
            Repository = document.Repository,
            Slack = document.Slack ?? new SlackSpec(),
            Owners = document.Owners ?? [],
            Platform = platform,
            Branch = document.Branch ?? "main",
            Stages = stages,
            Checks = checks,
            Verify = verify,
        };
    }

    private List<StageSpec> ReadStages(List<ManifestDocument.StageDocument> documents, string path, VerifySpec verify)
    {
        var stages = new List<StageSpec>();
        var stageByName = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        var stageByTarget = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < documents.Count; i++)
        {
            var at = JsonPaths.Index(path, i);
            var (name, targets) = (documents[i].Name ?? "", documents[i].Targets ?? []);
            if (!stageByName.TryAdd(name, i))
            {
                Error(JsonPaths.Property(at, "name"), $"duplicate stage name '{name}' (also $.stages[{stageByName[name]}])");
            }

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
                Checks = documents[i].Checks is { } checks ? ReadChecks(checks, JsonPaths.Property(at, "checks")) : null,
                Verify = ReadVerify(documents[i].Verify, verify, JsonPaths.Property(at, "verify")),
            });
        }

        return stages;
    }

    private void CheckPlatform(PlatformSpec spec, string path)
    {
        switch (spec.Kind)
        {
            case "heroku" when spec.Pipeline is null:
                Error(path, "platform 'heroku' needs 'pipeline'");
                break;
            case "command" when spec.Current is null || spec.Promote is null:
                Error(path, "platform 'command' needs both 'current' and 'promote' commands");
                break;
        }
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

    private void Error(string path, string message) => _errors.Add(new ManifestError(file, path, message));
}
