using System.Text.Json;
using System.Text.Json.Serialization;

namespace Deployer.Core.Manifests;

/// <summary>Reads and writes the short durations people type (<c>90s</c>, <c>15m</c>, <c>1h30m</c>) as <see cref="TimeSpan"/>.</summary>
public sealed class DurationJsonConverter : JsonConverter<TimeSpan>
{
    public override TimeSpan Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        // The schema checks the shape; what still fails here (a sum past TimeSpan.MaxValue) is named with its path by the serializer.
        var text = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
        return DurationParser.TryParse(text, out var duration)
            ? duration
            : throw new JsonException($"'{text}' is not {DurationParser.Expected}");
    }

    public override void Write(Utf8JsonWriter writer, TimeSpan value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStringValue(DurationParser.Format(value));
    }
}
