using System.Diagnostics.CodeAnalysis;
using System.Text;
using System.Text.RegularExpressions;

namespace Deployer.Core.Manifests;

/// <summary>
/// One Prometheus/Alertmanager label matcher: <c>name="value"</c>, <c>name!="value"</c>, <c>name=~"regex"</c>,
/// <c>name!~"regex"</c>. Values may be quoted (with <c>\"</c> escapes) or bare; regexes match the whole value.
/// A label the alert does not carry matches as the empty string, as in Alertmanager.
/// </summary>
public sealed class AlertMatcher
{
    private static readonly TimeSpan RegexTimeout = TimeSpan.FromSeconds(1);
    private readonly Regex? _regex;

    private AlertMatcher(string name, AlertMatchOperator op, string value, Regex? regex)
    {
        Name = name;
        Operator = op;
        Value = value;
        _regex = regex;
    }

    public string Name { get; }
    public AlertMatchOperator Operator { get; }

    /// <summary>The unquoted value, or the regex as written (without the anchors).</summary>
    public string Value { get; }

    /// <summary>Parses one matcher; <paramref name="error"/> says what is wrong when it returns false.</summary>
    public static bool TryParse(string? text, [NotNullWhen(true)] out AlertMatcher? matcher, [NotNullWhen(false)] out string? error)
    {
        matcher = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            error = "matcher is empty";
            return false;
        }

        var s = text.Trim();
        var i = 0;
        while (i < s.Length && (char.IsAsciiLetterOrDigit(s[i]) || s[i] == '_'))
        {
            i++;
        }

        if (i == 0)
        {
            error = $"matcher '{s}' must start with a label name";
            return false;
        }

        if (char.IsAsciiDigit(s[0]))
        {
            error = $"label name '{s[..i]}' must not start with a digit";
            return false;
        }

        var name = s[..i];
        i = SkipSpaces(s, i);
        if (!TryReadOperator(s, ref i, out var op))
        {
            error = $"matcher '{s}' needs an operator after '{name}': =, !=, =~ or !~";
            return false;
        }

        i = SkipSpaces(s, i);
        if (!TryReadValue(s, i, out var value, out error))
        {
            error = $"matcher '{s}': {error}";
            return false;
        }

        Regex? regex = null;
        if (op is AlertMatchOperator.RegexMatch or AlertMatchOperator.RegexNoMatch)
        {
            try
            {
                // NonBacktracking keeps matching linear, like the RE2 engine Alertmanager uses.
                regex = new Regex($"\\A(?:{value})\\z", RegexOptions.CultureInvariant | RegexOptions.NonBacktracking, RegexTimeout);
            }
            catch (Exception ex) when (ex is ArgumentException or NotSupportedException)
            {
                error = $"matcher '{s}': invalid regex: {ex.Message}";
                return false;
            }
        }

        matcher = new AlertMatcher(name, op, value, regex);
        error = null;
        return true;
    }

    /// <summary>
    /// Parses an alert's whole matcher list: all must parse, and an empty list is an error too (it would match every
    /// alert). Shared by every source that matches labels locally, so they word the same problems the same way.
    /// </summary>
    public static bool TryParseAll(IReadOnlyList<string> texts, [NotNullWhen(true)] out List<AlertMatcher>? matchers, [NotNullWhen(false)] out string? error)
    {
        ArgumentNullException.ThrowIfNull(texts);
        matchers = null;
        if (texts.Count == 0)
        {
            error = "no matchers configured";
            return false;
        }

        var parsed = new List<AlertMatcher>(texts.Count);
        foreach (var text in texts)
        {
            if (!TryParse(text, out var matcher, out error))
            {
                return false;
            }

            parsed.Add(matcher);
        }

        matchers = parsed;
        error = null;
        return true;
    }

    /// <summary>Parses one matcher or throws <see cref="FormatException"/>.</summary>
    public static AlertMatcher Parse(string text) =>
        TryParse(text, out var matcher, out var error) ? matcher : throw new FormatException(error);

    /// <summary>Whether an alert with <paramref name="labels"/> satisfies this matcher.</summary>
    public bool Matches(IReadOnlyDictionary<string, string> labels)
    {
        ArgumentNullException.ThrowIfNull(labels);
        var actual = labels.TryGetValue(Name, out var v) ? v ?? "" : "";
        return Operator switch
        {
            AlertMatchOperator.Equal => string.Equals(actual, Value, StringComparison.Ordinal),
            AlertMatchOperator.NotEqual => !string.Equals(actual, Value, StringComparison.Ordinal),
            AlertMatchOperator.RegexMatch => _regex!.IsMatch(actual),
            AlertMatchOperator.RegexNoMatch => !_regex!.IsMatch(actual),
            _ => false,
        };
    }

    /// <summary>True when every matcher matches (an empty list matches everything).</summary>
    public static bool MatchesAll(IEnumerable<AlertMatcher> matchers, IReadOnlyDictionary<string, string> labels) =>
        matchers.All(m => m.Matches(labels));

    /// <summary>The canonical form, e.g. <c>alertname="RouterDown"</c>.</summary>
    public override string ToString()
    {
        var op = Operator switch
        {
            AlertMatchOperator.NotEqual => "!=",
            AlertMatchOperator.RegexMatch => "=~",
            AlertMatchOperator.RegexNoMatch => "!~",
            _ => "=",
        };
        return $"{Name}{op}\"{Value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal)}\"";
    }

    private static int SkipSpaces(string s, int i)
    {
        while (i < s.Length && char.IsWhiteSpace(s[i]))
        {
            i++;
        }

        return i;
    }

    private static bool TryReadOperator(string s, ref int i, out AlertMatchOperator op)
    {
        var rest = s.AsSpan(i);
        (op, var length) = rest switch
        {
            _ when rest.StartsWith("=~") => (AlertMatchOperator.RegexMatch, 2),
            _ when rest.StartsWith("!~") => (AlertMatchOperator.RegexNoMatch, 2),
            _ when rest.StartsWith("!=") => (AlertMatchOperator.NotEqual, 2),
            _ when rest.StartsWith("=") => (AlertMatchOperator.Equal, 1),
            _ => (AlertMatchOperator.Equal, 0),
        };
        i += length;
        return length > 0;
    }

    private static bool TryReadValue(string s, int i, out string value, [NotNullWhen(false)] out string? error)
    {
        value = "";
        if (i >= s.Length || s[i] != '"')
        {
            var bare = s[i..];
            if (bare.Contains('"', StringComparison.Ordinal))
            {
                error = "unquoted value must not contain '\"'";
                return false;
            }

            value = bare;
            error = null;
            return true;
        }

        var builder = new StringBuilder();
        for (i++; i < s.Length; i++)
        {
            var c = s[i];
            if (c == '"')
            {
                if (SkipSpaces(s, i + 1) != s.Length)
                {
                    error = $"unexpected text after the closing quote: '{s[(i + 1)..]}'";
                    return false;
                }

                value = builder.ToString();
                error = null;
                return true;
            }

            if (c == '\\' && i + 1 < s.Length)
            {
                var next = s[++i];
                switch (next)
                {
                    case '"' or '\\':
                        builder.Append(next);
                        break;
                    case 'n':
                        builder.Append('\n');
                        break;
                    case 't':
                        builder.Append('\t');
                        break;
                    default:
                        // Keep unknown escapes (a regex's \d) as written rather than rejecting them.
                        builder.Append('\\').Append(next);
                        break;
                }

                continue;
            }

            builder.Append(c);
        }

        error = "value has no closing quote";
        return false;
    }
}
