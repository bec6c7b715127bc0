using System.Text;
using System.Text.Json;

namespace Deployer.Core.Manifests;

/// <summary>Builds the JSONPath-style locations (<c>$.stages[1].targets</c>) used in error messages.</summary>
public static class JsonPaths
{
    public const string Root = "$";

    public static string Property(string parent, string name) =>
        IsIdentifier(name) ? $"{parent}.{name}" : $"{parent}['{name.Replace("'", "\\'", StringComparison.Ordinal)}']";

    public static string Index(string parent, int index) => $"{parent}[{index}]";

    /// <summary>A JSON syntax error for people: what is wrong and its 1-based line and column.</summary>
    public static string DescribeSyntaxError(JsonException ex)
    {
        ArgumentNullException.ThrowIfNull(ex);
        var message = ex.Message;
        var cut = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        if (cut > 0)
        {
            message = message[..cut];
        }

        return ex.LineNumber is { } line
            ? $"invalid JSON at line {line + 1}, column {(ex.BytePositionInLine ?? 0) + 1}: {message}"
            : $"invalid JSON: {message}";
    }

    /// <summary>Turns a JSON Pointer (<c>/stages/1/targets</c>) into a path, reading <paramref name="root"/> to tell indexes from names.</summary>
    public static string FromPointer(string jsonPointer, JsonElement root)
    {
        var path = Root;
        if (string.IsNullOrEmpty(jsonPointer))
        {
            return path;
        }

        JsonElement? current = root;
        foreach (var raw in jsonPointer.TrimStart('#').Split('/').Skip(1))
        {
            var segment = raw.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal);
            if (current is { ValueKind: JsonValueKind.Array } array && int.TryParse(segment, out var index))
            {
                path = Index(path, index);
                current = index >= 0 && index < array.GetArrayLength() ? array[index] : null;
            }
            else
            {
                path = Property(path, segment);
                current = current is { ValueKind: JsonValueKind.Object } obj && obj.TryGetProperty(segment, out var child) ? child : null;
            }
        }

        return path;
    }

    private static bool IsIdentifier(string name)
    {
        if (name.Length == 0 || char.IsAsciiDigit(name[0]))
        {
            return false;
        }

        foreach (var c in name)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c != '_' && c != '$')
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>A short, single-line rendering of a JSON value for messages.</summary>
    public static string Show(JsonElement value)
    {
        var text = value.ValueKind == JsonValueKind.String ? $"'{value.GetString()}'" : value.GetRawText();
        var builder = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            builder.Append(char.IsControl(c) ? ' ' : c);
        }

        return builder.Length > 60 ? builder.ToString(0, 57) + "..." : builder.ToString();
    }
}
