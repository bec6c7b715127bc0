using System.Text.Json;
using System.Text.Json.Serialization;

namespace Deployer.Bot.Store;

/// <summary>JSON settings for domain records stored as payloads (decisions), so the records need no LiteDB mapping.</summary>
internal static class StoreJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        IgnoreReadOnlyProperties = true,
        Converters = { new JsonStringEnumConverter() },
    };
}
