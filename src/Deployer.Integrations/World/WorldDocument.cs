using System.Text.Json;
using System.Text.Json.Serialization;
using Deployer.Core.Manifests;
using Deployer.Core.Ports;
using Deployer.Core.Releases;

namespace Deployer.Integrations.World;

/// <summary>A world file as written, deserialized after <see cref="WorldSchema"/> accepted it; <see cref="WorldFileReader"/> fills in the defaults.</summary>
internal sealed record WorldDocument
{
    /// <summary>camelCase names, timestamps with offset, lower-case statuses, one test result or a list.</summary>
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        // The element's raw text still holds the comments and trailing commas the document tolerated.
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        Converters =
        {
            new TimestampJsonConverter(),
            new JsonStringEnumConverter<ReleaseStatus>(JsonNamingPolicy.CamelCase, allowIntegerValues: false),
            new JsonStringEnumConverter<TestRunStatus>(JsonNamingPolicy.CamelCase, allowIntegerValues: false),
            new SingleOrArrayJsonConverter<TestDocument>(),
        },
    };

    public DateTimeOffset? Now { get; init; }
    public Dictionary<string, ReleaseDocument>? Releases { get; init; }
    public List<AlertDocument>? Alerts { get; init; }
    public LibratoDocument? Librato { get; init; }
    public List<IncidentDocument>? Incidents { get; init; }
    public Dictionary<string, List<TestDocument>>? Tests { get; init; }
    public Dictionary<string, List<string>>? Branches { get; init; }
    public List<HoldDocument>? Holds { get; init; }

    internal sealed record ReleaseDocument(string Commit, string? Id, long Version, string? Branch, DateTimeOffset? CreatedAt, ReleaseStatus Status, string? Description);

    internal sealed record AlertDocument(Dictionary<string, string> Labels, string? State, DateTimeOffset? StartsAt);

    internal sealed record LibratoDocument(List<long>? Firing);

    internal sealed record IncidentDocument(string Service, string? Id, string? Status, string? Title);

    internal sealed record TestDocument(string Suite, TestRunStatus Status, DateTimeOffset? CompletedAt, string? Url);

    internal sealed record HoldDocument(string Service, string? Id, string? Stage, string Reason, string By, DateTimeOffset? CreatedAt, DateTimeOffset? Until);
}
