using System.Globalization;

namespace Deployer.Core.Commands;

/// <summary>
/// The one rule for text people type (commands, hold and force reasons, rejection notes): no control characters other
/// than newline, carriage return and tab. Such text is refused with a clear message, never silently altered.
/// </summary>
public static class UserText
{
    /// <summary>Null when <paramref name="text"/> is acceptable; otherwise the message that refuses it.</summary>
    public static string? FindControlCharacter(string? text)
    {
        if (text is null)
        {
            return null;
        }

        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsControl(c) && c is not '\n' and not '\r' and not '\t')
            {
                return $"The text contains a control character (U+{((int)c).ToString("X4", CultureInfo.InvariantCulture)}) at position {(i + 1).ToString(CultureInfo.InvariantCulture)}; only letters, symbols, spaces, tabs and newlines are allowed.";
            }
        }

        return null;
    }
}
