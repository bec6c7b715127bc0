using System.Text.Json;

namespace Deployer.Core.Manifests;

/// <summary>
/// Parses one manifest's text: JSON syntax, then the schema (<see cref="ManifestSchema"/>), then what a schema cannot
/// check. Every problem names the file, its JSON path and what is wrong. Reading files is the caller's business.
/// </summary>
public static class ManifestParser
{
    private static readonly JsonDocumentOptions DocumentOptions = new()
    {
        CommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
    };

    private static readonly SchemaValidator Validator = new(ManifestSchema.Text);

    /// <summary>Parses and validates one manifest's text; <paramref name="fileName"/> only labels errors and <see cref="ServiceManifest.SourceFile"/>.</summary>
    public static ManifestParseResult Parse(string json, string fileName)
    {
        ArgumentNullException.ThrowIfNull(json);
        ArgumentNullException.ThrowIfNull(fileName);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, DocumentOptions);
        }
        catch (JsonException ex)
        {
            return ManifestParseResult.Failure([new ManifestError(fileName, JsonPaths.Root, JsonPaths.DescribeSyntaxError(ex))]);
        }

        using (document)
        {
            var root = document.RootElement;
            var schemaErrors = Validator.Validate(root, fileName);
            if (schemaErrors.Count > 0)
            {
                // Every problem in one pass: the semantic ones (time zones, duplicate stages, regexes) too, except
                // where the schema already named that spot.
                return ManifestParseResult.Failure([.. schemaErrors, .. SemanticErrorsDespite(schemaErrors, root, fileName)]);
            }

            var reader = new ManifestReader(fileName);
            var manifest = reader.Read(root);
            return manifest is null || reader.Errors.Count > 0
                ? ManifestParseResult.Failure(reader.Errors)
                : ManifestParseResult.Success(manifest with { SourceFile = fileName });
        }
    }

    /// <summary>
    /// The reader's findings on a document the schema refused. Deserialization needs the right types, so a document
    /// with a wrong one yields only its schema errors; one with right types but wrong values (an empty list, a bad
    /// pattern) also gets the semantic findings (an unknown time zone, a duplicate stage).
    /// </summary>
    private static List<ManifestError> SemanticErrorsDespite(IReadOnlyList<ManifestError> schemaErrors, JsonElement root, string fileName)
    {
        var reader = new ManifestReader(fileName);
        try
        {
            reader.Read(root);
        }
        catch (Exception ex) when (ex is InvalidOperationException or NotSupportedException or ArgumentException)
        {
            // A shape the schema already refused stopped deserialization; the schema error at that spot says it.
        }

        return reader.Deserialized ? [.. reader.Errors.Where(e => !schemaErrors.Any(s => Overlaps(s.Path, e.Path)))] : [];
    }

    private static bool Overlaps(string a, string b) =>
        a.StartsWith(b, StringComparison.Ordinal) || b.StartsWith(a, StringComparison.Ordinal) && a != JsonPaths.Root;
}
