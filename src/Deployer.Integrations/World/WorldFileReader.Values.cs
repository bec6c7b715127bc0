using System.Globalization;
using System.Text.Json;
using Deployer.Core.Manifests;

namespace Deployer.Integrations.World;

/// <summary>Typed reads with path-carrying errors, shared by the world file's sections.</summary>
internal sealed partial class WorldFileReader
{
    private string? String(JsonElement element, string path) =>
        Expect(element, JsonValueKind.String, path) ? element.GetString() : null;

    private long? Integer(JsonElement element, string path)
    {
        if (element.ValueKind == JsonValueKind.Number && element.TryGetInt64(out var value))
        {
            return value;
        }

        Error(path, $"must be an integer, not {JsonPaths.Show(element)}");
        return null;
    }

    private DateTimeOffset? Timestamp(JsonElement element, string path)
    {
        var text = element.ValueKind == JsonValueKind.String ? element.GetString() ?? "" : "";
        var hasOffset = text.EndsWith('Z') || text.EndsWith('z') || (text.Length > 6 && text[^6] is '+' or '-' && text[^3] == ':');
        if (hasOffset && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var value))
        {
            return value;
        }

        Error(path, $"{JsonPaths.Show(element)} is not an ISO 8601 timestamp with offset like 2026-11-26T12:00:00Z");
        return null;
    }

    private T? Enum<T>(JsonElement element, string path, string allowed)
        where T : struct, Enum
    {
        if (element.ValueKind == JsonValueKind.String && System.Enum.TryParse<T>(element.GetString(), ignoreCase: true, out var value)
            && System.Enum.IsDefined(value) && !char.IsAsciiDigit(element.GetString()![0]))
        {
            return value;
        }

        Error(path, $"{JsonPaths.Show(element)} is not one of: {allowed}");
        return null;
    }

    private List<string>? Strings(JsonElement element, string path)
    {
        if (!Expect(element, JsonValueKind.Array, path))
        {
            return null;
        }

        var list = new List<string>();
        var i = 0;
        foreach (var item in element.EnumerateArray())
        {
            if (String(item, JsonPaths.Index(path, i++)) is { } s)
            {
                list.Add(s);
            }
        }

        return list;
    }

    private T? Optional<T>(JsonElement parent, string name, string path, Func<JsonElement, string, T?> read) =>
        parent.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null ? read(value, JsonPaths.Property(path, name)) : default;

    private T? Required<T>(JsonElement parent, string name, string path, Func<JsonElement, string, T?> read)
    {
        if (parent.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null)
        {
            return read(value, JsonPaths.Property(path, name));
        }

        Error(path, $"missing required property '{name}'");
        return default;
    }

    private Dictionary<string, T> Map<T>(JsonElement parent, string name, string path, Func<JsonElement, string, string, T?> read)
    {
        var result = new Dictionary<string, T>(StringComparer.OrdinalIgnoreCase);
        if (!parent.TryGetProperty(name, out var element) || element.ValueKind == JsonValueKind.Null)
        {
            return result;
        }

        var at = JsonPaths.Property(path, name);
        if (!Expect(element, JsonValueKind.Object, at))
        {
            return result;
        }

        foreach (var property in element.EnumerateObject())
        {
            var itemPath = JsonPaths.Property(at, property.Name);
            if (read(property.Value, itemPath, property.Name) is { } value && !result.TryAdd(property.Name, value))
            {
                Error(itemPath, $"'{property.Name}' is listed twice");
            }
        }

        return result;
    }

    private Dictionary<string, T> Map<T>(JsonElement parent, string name, string path, Func<JsonElement, string, T?> read) =>
        Map(parent, name, path, (e, p, _) => read(e, p));

    private Dictionary<string, string> Map(JsonElement element, string path, Func<JsonElement, string, string?> read)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        if (Expect(element, JsonValueKind.Object, path))
        {
            foreach (var property in element.EnumerateObject())
            {
                if (read(property.Value, JsonPaths.Property(path, property.Name)) is { } value)
                {
                    result[property.Name] = value;
                }
            }
        }

        return result;
    }

    private List<T> List<T>(JsonElement parent, string name, string path, Func<JsonElement, string, int, T?> read)
    {
        var result = new List<T>();
        if (!parent.TryGetProperty(name, out var element) || element.ValueKind == JsonValueKind.Null)
        {
            return result;
        }

        var at = JsonPaths.Property(path, name);
        if (!Expect(element, JsonValueKind.Array, at))
        {
            return result;
        }

        var i = 0;
        foreach (var item in element.EnumerateArray())
        {
            if (read(item, JsonPaths.Index(at, i), i) is { } value)
            {
                result.Add(value);
            }

            i++;
        }

        return result;
    }

    private List<T> List<T>(JsonElement parent, string name, string path, Func<JsonElement, string, T?> read) =>
        List(parent, name, path, (e, p, _) => read(e, p));

    private bool Expect(JsonElement element, JsonValueKind kind, string path, string? what = null)
    {
        if (element.ValueKind == kind)
        {
            return true;
        }

        Error(path, $"must be {what ?? Describe(kind)}, not {JsonPaths.Show(element)}");
        return false;
    }

    private void Known(JsonElement element, string path, params string[] names)
    {
        foreach (var property in element.EnumerateObject())
        {
            if (!names.Contains(property.Name, StringComparer.Ordinal))
            {
                Error(JsonPaths.Property(path, property.Name), $"unknown property '{property.Name}' (expected one of: {string.Join(", ", names)})");
            }
        }
    }

    private static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        _ => kind.ToString().ToLowerInvariant(),
    };

    private void Error(string path, string message) => _errors.Add(new WorldFileError(_file, path, message));
}
