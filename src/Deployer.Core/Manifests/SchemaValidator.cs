using System.Collections.Concurrent;
using System.Text.Json;
using Json.Schema;

namespace Deployer.Core.Manifests;

/// <summary>Evaluates a document against a JSON Schema (a manifest against <see cref="ManifestSchema"/>, a world file against its own) and words each failure for people.</summary>
/// <remarks>
/// Safe to call from many threads at once. A compiled schema is never used by two threads at a time: JsonSchema.Net 8
/// resolves references lazily on first evaluation (mutating the schema), its <c>SchemaRegistry</c> is a plain dictionary,
/// and <see cref="JsonDocument"/> caches the last string it read. So each caller rents a compiled copy from a pool,
/// which grows to the highest concurrency seen (a handful at start-up) and is reused afterwards.
/// </remarks>
public sealed class SchemaValidator(string schemaText)
{
    // Read-only after construction; JsonSchema.Net 8 copies nothing into it and keeps no per-options cache.
    private static readonly EvaluationOptions Options = new() { OutputFormat = OutputFormat.List };

    private readonly ConcurrentBag<CompiledSchema> _pool = [];
    private readonly string _schemaText = schemaText ?? throw new ArgumentNullException(nameof(schemaText));

    /// <summary>Every way <paramref name="root"/> breaks the schema, each with its JSON path (<c>$.stages[1].targets</c>); empty when valid.</summary>
    public IReadOnlyList<ManifestError> Validate(JsonElement root, string file)
    {
        var compiled = _pool.TryTake(out var pooled) ? pooled : CompiledSchema.Create(_schemaText);
        try
        {
            return Validate(compiled, root, file);
        }
        finally
        {
            _pool.Add(compiled);
        }
    }

    private static List<ManifestError> Validate(CompiledSchema compiled, JsonElement root, string file)
    {
        var (schema, schemaDocument) = (compiled.Schema, compiled.Document);
        var results = schema.Evaluate(root, Options);
        if (results.IsValid)
        {
            return [];
        }

        var errors = new List<ManifestError>();
        foreach (var detail in (results.Details ?? []).Prepend(results))
        {
            if (detail.Errors is not { Count: > 0 } messages)
            {
                continue;
            }

            var pointer = detail.InstanceLocation.ToString();
            var path = JsonPaths.FromPointer(pointer, root);
            var instance = Resolve(root, pointer);
            var subschema = FindSubschema(schemaDocument.RootElement, detail.SchemaLocation);
            foreach (var (keyword, message) in messages)
            {
                errors.Add(new ManifestError(file, path, Describe(keyword, message, instance, subschema, pointer)));
            }
        }

        return errors.DistinctBy(e => (e.Path, e.Message)).ToList();
    }

    private static string Describe(string keyword, string message, JsonElement? instance, JsonElement? subschema, string pointer)
    {
        switch (keyword)
        {
            case "" or "false" when message.Contains("false schema", StringComparison.OrdinalIgnoreCase):
                var name = pointer[(pointer.LastIndexOf('/') + 1)..].Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal);
                return $"unknown property '{name}'";
            case "required" when instance is { ValueKind: JsonValueKind.Object } obj && Get(subschema, "required") is { ValueKind: JsonValueKind.Array } required:
                var missing = required.EnumerateArray()
                    .Select(r => r.GetString() ?? "")
                    .Where(r => !obj.TryGetProperty(r, out _))
                    .Select(r => $"'{r}'")
                    .ToList();
                return missing.Count == 1 ? $"missing required property {missing[0]}" : $"missing required properties {string.Join(", ", missing)}";
            case "enum" when instance is { } value && Get(subschema, "enum") is { ValueKind: JsonValueKind.Array } allowed:
                return $"{JsonPaths.Show(value)} is not one of: {string.Join(", ", allowed.EnumerateArray().Select(a => a.ToString()))}";
            case "pattern" when instance is { } value:
                return Get(subschema, "description") is { ValueKind: JsonValueKind.String } description
                    ? $"{JsonPaths.Show(value)} is not {description.GetString()}"
                    : $"{JsonPaths.Show(value)} does not match {Get(subschema, "pattern")?.GetString()}";
            case "minItems" when Get(subschema, "minItems") is { ValueKind: JsonValueKind.Number } min && min.GetInt32() == 1:
                return "must not be empty";
            case "minLength" when Get(subschema, "minLength") is { ValueKind: JsonValueKind.Number } min && min.GetInt32() == 1:
                return "must not be empty";
            case "type" when instance is { } value && Get(subschema, "type") is { } type:
                return $"must be {Article(type.ToString())}, not {Article(Kind(value))}";
            default:
                return message;
        }
    }

    private static JsonElement? Get(JsonElement? schema, string keyword) =>
        schema is { ValueKind: JsonValueKind.Object } s && s.TryGetProperty(keyword, out var value) ? value : null;

    private static string Kind(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Object => "object",
        JsonValueKind.Array => "array",
        JsonValueKind.String => "string",
        JsonValueKind.Number => "number",
        JsonValueKind.True or JsonValueKind.False => "boolean",
        _ => "null",
    };

    private static string Article(string word) => word.Length > 0 && "aeiou".Contains(word[0], StringComparison.Ordinal) ? $"an {word}" : $"a {word}";

    private static JsonElement? Resolve(JsonElement root, string pointer)
    {
        JsonElement current = root;
        foreach (var raw in pointer.Split('/').Skip(1))
        {
            var segment = raw.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal);
            if (current.ValueKind == JsonValueKind.Array && int.TryParse(segment, out var i) && i >= 0 && i < current.GetArrayLength())
            {
                current = current[i];
            }
            else if (current.ValueKind == JsonValueKind.Object && current.TryGetProperty(segment, out var child))
            {
                current = child;
            }
            else
            {
                return null;
            }
        }

        return current;
    }

    // The reported schema location of an array item sometimes carries an extra trailing segment; dropping it finds the item schema.
    private static JsonElement? FindSubschema(JsonElement schemaRoot, Uri? location)
    {
        if (location is null)
        {
            return null;
        }

        var fragment = Uri.UnescapeDataString(location.Fragment.TrimStart('#'));
        return Resolve(schemaRoot, fragment) ?? (fragment.LastIndexOf('/') is var cut and > 0 ? Resolve(schemaRoot, fragment[..cut]) : null);
    }

    private sealed record CompiledSchema(JsonSchema Schema, JsonDocument Document)
    {
        public static CompiledSchema Create(string text)
        {
            // A private registry: building the same $id again must not touch (or collide in) the global one.
            var schema = JsonSchema.FromText(text, new BuildOptions { SchemaRegistry = new SchemaRegistry() });

            // One evaluation on this thread resolves every $ref now, so later evaluations only read the schema.
            using (var empty = JsonDocument.Parse("{}"))
            {
                _ = schema.Evaluate(empty.RootElement, Options);
            }

            return new CompiledSchema(schema, JsonDocument.Parse(text));
        }
    }
}
