using System.Text.Json;

namespace Deployer.Core.Manifests;

/// <summary>Reading of the <c>verify</c> block, shared by the pipeline and each stage.</summary>
internal sealed partial class ManifestReader
{
    /// <summary>
    /// <c>false</c>: off; <c>true</c>: on with what it inherits; an object: its keys over <paramref name="inherited"/>
    /// (a stage's <c>{"for": "30m"}</c> keeps the pipeline's <c>onFailure</c>). Null when absent.
    /// </summary>
    private VerifySpec? ReadVerify(JsonElement? element, VerifySpec inherited, string path)
    {
        switch (element)
        {
            case null or { ValueKind: JsonValueKind.Null or JsonValueKind.Undefined }:
                return null;
            case { ValueKind: JsonValueKind.False }:
                return inherited with { Enabled = false };
            case { ValueKind: JsonValueKind.True }:
                return inherited with { Enabled = true };
            case { ValueKind: JsonValueKind.Object } value:
                ManifestDocument.VerifyDocument? document;
                try
                {
                    document = value.Deserialize<ManifestDocument.VerifyDocument>(ManifestDocument.Options);
                }
                catch (JsonException ex)
                {
                    Error(ex.Path is { Length: > 1 } inner ? path + inner[1..] : path, ex.Message);
                    return null;
                }

                var spec = new VerifySpec(document?.For ?? inherited.For, document?.OnFailure ?? inherited.OnFailure);
                if (spec.For <= TimeSpan.Zero)
                {
                    Error(JsonPaths.Property(path, "for"), "must be longer than 0s (use \"verify\": false to turn verification off)");
                }

                return spec;
            default:
                Error(path, "must be false, true or an object like {\"for\": \"15m\", \"onFailure\": \"hold\"}");
                return null;
        }
    }
}
