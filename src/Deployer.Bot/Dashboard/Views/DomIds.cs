using System.Text;

namespace Deployer.Bot.Dashboard.Views;

/// <summary>Element ids built from names: anything outside [A-Za-z0-9-] becomes <c>_xx</c> (its code), so ids never break markup or selectors.</summary>
public static class DomIds
{
    public static string For(string prefix, string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var id = new StringBuilder(prefix.Length + name.Length + 1).Append(prefix).Append('-');
        foreach (var c in name)
        {
            if (char.IsAsciiLetterOrDigit(c) || c == '-')
            {
                id.Append(c);
            }
            else
            {
                id.Append('_').Append(((int)c).ToString("x", System.Globalization.CultureInfo.InvariantCulture));
            }
        }

        return id.ToString();
    }
}
