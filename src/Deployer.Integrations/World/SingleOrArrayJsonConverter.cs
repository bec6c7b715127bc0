using System.Text.Json;
using System.Text.Json.Serialization;

namespace Deployer.Integrations.World;

/// <summary>Reads either one <typeparamref name="T"/> or an array of them as a list (a commit's one test result or several).</summary>
internal sealed class SingleOrArrayJsonConverter<T> : JsonConverter<List<T>>
{
    public override List<T> Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            return JsonSerializer.Deserialize<T>(ref reader, options) is { } single ? [single] : [];
        }

        var list = new List<T>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (JsonSerializer.Deserialize<T>(ref reader, options) is { } item)
            {
                list.Add(item);
            }
        }

        return list;
    }

    public override void Write(Utf8JsonWriter writer, List<T> value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(value);
        writer.WriteStartArray();
        foreach (var item in value)
        {
            JsonSerializer.Serialize(writer, item, options);
        }

        writer.WriteEndArray();
    }
}
