using System.Text.Json;
using System.Text.Json.Serialization;

namespace Deployer.Core.Manifests;

/// <summary>
/// A manifest as written, deserialized after the schema accepted it. The checks whose JSON already has the domain's
/// shape deserialize straight into their spec records; stages and windows need a step through <see cref="ManifestReader"/>.
/// </summary>
internal sealed record ManifestDocument
{
    /// <summary>camelCase names, durations like <c>15m</c>, timestamps with offset, <c>enforce</c>/<c>shadow</c>.</summary>
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        // The element's raw text still holds the comments and trailing commas the document tolerated.
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        Converters =
        {
            new DurationJsonConverter(),
            new TimestampJsonConverter(),
            new JsonStringEnumConverter<CheckMode>(JsonNamingPolicy.CamelCase, allowIntegerValues: false),
            new JsonStringEnumConverter<VerifyFailureAction>(JsonNamingPolicy.CamelCase, allowIntegerValues: false),
        },
    };

    public string Service { get; init; } = "";
    public string? Repository { get; init; }
    public string? Branch { get; init; }
    public SlackSpec? Slack { get; init; }
    public List<string>? Owners { get; init; }
    public PlatformSpec? Platform { get; init; }
    public List<StageDocument> Stages { get; init; } = [];
    public ChecksDocument? Checks { get; init; }

    /// <summary><c>false</c>, <c>true</c> or an object: kept raw, read by <see cref="ManifestReader"/> (a stage's fills in from the pipeline's).</summary>
    public JsonElement? Verify { get; init; }

    internal sealed record StageDocument(string Name, List<string> Targets, ChecksDocument? Checks, JsonElement? Verify = null);

    /// <summary>The object form of <c>verify</c>; an absent key keeps the value it would inherit.</summary>
    internal sealed record VerifyDocument(TimeSpan? For, VerifyFailureAction? OnFailure);

    internal sealed record ChecksDocument
    {
        public ReleaseAgeSpec? ReleaseAge { get; init; }
        public IntegrationTestsSpec? IntegrationTests { get; init; }
        public IncidentsSpec? Incidents { get; init; }
        public List<AlertSpec>? Alerts { get; init; }
        public BranchSpec? Branch { get; init; }
        public WindowDocument? Window { get; init; }
        public List<FreezeSpec>? Freezes { get; init; }
    }

    internal sealed record WindowDocument(string Timezone, List<string>? Days, string Hours, CheckMode Mode = CheckMode.Enforce);
}
