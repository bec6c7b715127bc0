using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Deployer.Core.Manifests;

/// <summary>
/// Reads ISO 8601 timestamps with an offset (<c>2026-12-20T00:00:00Z</c>) as <see cref="DateTimeOffset"/>; one that does
/// not parse (a 13th month the schema's pattern let through) fails with a message people can act on.
/// </summary>
public sealed class TimestampJsonConverter : JsonConverter<DateTimeOffset>
{
    /// <summary>What a timestamp looks like, for error messages.</summary>
    public const string Expected = "an ISO 8601 timestamp with offset like 2026-12-20T00:00:00Z";

    public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var text = reader.TokenType == JsonTokenType.String ? reader.GetString() ?? "" : "";
        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var value)
            ? value
            : throw new JsonException($"'{text}' is not {Expected}");
    }

    public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStringValue(value);
    }
}
