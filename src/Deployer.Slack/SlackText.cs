namespace Deployer.Slack;

/// <summary>Length limits applied before Slack would reject a payload.</summary>
internal static class SlackText
{
    public const char Ellipsis = '…';

    /// <summary>Cuts <paramref name="text"/> to <paramref name="max"/> characters, ending in "…" when cut.</summary>
    public static string Truncate(string text, int max)
    {
        if (text.Length <= max)
        {
            return text;
        }

        var keep = max - 1;
        // Never split a surrogate pair: half an emoji is invalid UTF-16.
        if (keep > 0 && char.IsHighSurrogate(text[keep - 1]))
        {
            keep--;
        }

        return string.Concat(text.AsSpan(0, keep), Ellipsis.ToString());
    }

    public static string? TruncateOrNull(string? text, int max) => text is null ? null : Truncate(text, max);

    /// <summary>Identifiers are matched by the app later, so cutting one silently would break that: refuse instead.</summary>
    public static string? RequireId(string? id, string paramName, int max = 255)
    {
        if (id is not null && (id.Length == 0 || id.Length > max))
        {
            throw new ArgumentException($"A Slack identifier must be 1 to {max} characters (was {id.Length}).", paramName);
        }

        return id;
    }
}
