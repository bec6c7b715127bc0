using System.Diagnostics.CodeAnalysis;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Primitives;

namespace Deployer.Slack.Inbound;

/// <summary>
/// Reads an urlencoded form with tight limits (Slack's forms have a dozen short fields and one JSON payload): too many
/// fields or too long a key is a malformed body, answered 400, never an exception.
/// </summary>
public static class FormBody
{
    /// <summary>More fields than any Slack form carries.</summary>
    public const int MaxFields = 64;

    /// <summary>Slack's keys are short names.</summary>
    public const int MaxKeyLength = 256;

    /// <summary>False (with the reason) when the form breaks a limit or cannot be decoded.</summary>
    public static bool TryRead(string text, [NotNullWhen(true)] out Dictionary<string, StringValues>? form, [NotNullWhen(false)] out string? problem)
    {
        ArgumentNullException.ThrowIfNull(text);
        form = null;
        problem = null;
        try
        {
            // FormReader rents an 8K buffer and only returns it on Dispose.
            using var reader = new FormReader(text)
            {
                ValueCountLimit = MaxFields,
                KeyLengthLimit = MaxKeyLength,
                ValueLengthLimit = SlackInbound.MaxBodyBytes,
            };
            form = reader.ReadForm();
            return true;
        }
        catch (InvalidDataException ex)
        {
            problem = ex.Message;
            return false;
        }
    }
}
