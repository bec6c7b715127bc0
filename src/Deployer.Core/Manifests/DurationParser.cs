using System.Globalization;
using System.Text;

namespace Deployer.Core.Manifests;

/// <summary>Reads and writes the short durations people type: <c>90s</c>, <c>30m</c>, <c>2h</c>, <c>1d</c>, <c>1h30m</c>.</summary>
public static class DurationParser
{
    private static readonly (char Unit, TimeSpan Size)[] Units =
    [
        ('d', TimeSpan.FromDays(1)),
        ('h', TimeSpan.FromHours(1)),
        ('m', TimeSpan.FromMinutes(1)),
        ('s', TimeSpan.FromSeconds(1)),
    ];

    /// <summary>What a duration looks like, for error messages.</summary>
    public const string Expected = "a duration like 90s, 30m, 2h, 1d or 1h30m";

    /// <summary>
    /// Parses whole-number parts in the order d, h, m, s, each at most once (<c>1h30m</c>, not <c>30m1h</c>).
    /// Case-insensitive; surrounding whitespace is ignored.
    /// </summary>
    public static bool TryParse(string? text, out TimeSpan duration)
    {
        duration = TimeSpan.Zero;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        var span = text.AsSpan().Trim();
        var next = 0; // index into Units: each unit may follow only larger ones
        var total = TimeSpan.Zero;
        var i = 0;
        while (i < span.Length)
        {
            var start = i;
            while (i < span.Length && char.IsAsciiDigit(span[i]))
            {
                i++;
            }

            if (i == start || i == span.Length)
            {
                return false;
            }

            var unit = char.ToLowerInvariant(span[i]);
            var index = Array.FindIndex(Units, next, u => u.Unit == unit);
            if (index < 0 || !long.TryParse(span[start..i], NumberStyles.None, CultureInfo.InvariantCulture, out var amount))
            {
                return false;
            }

            try
            {
                total = checked(total + TimeSpan.FromTicks(checked(amount * Units[index].Size.Ticks)));
            }
            catch (OverflowException)
            {
                return false;
            }

            next = index + 1;
            i++;
        }

        duration = total;
        return true;
    }

    /// <summary>Parses or throws <see cref="FormatException"/>.</summary>
    public static TimeSpan Parse(string text) =>
        TryParse(text, out var duration) ? duration : throw new FormatException($"'{text}' is not {Expected}");

    /// <summary>Writes the shortest form: <c>1h30m</c>, <c>12m</c>, <c>45s</c>, <c>1d2h</c>; zero is <c>0s</c>. Fractions of a second are dropped.</summary>
    public static string Format(TimeSpan duration)
    {
        var builder = new StringBuilder();
        if (duration < TimeSpan.Zero)
        {
            builder.Append('-');
            duration = duration == TimeSpan.MinValue ? TimeSpan.MaxValue : duration.Negate();
        }

        var remaining = duration.Ticks;
        var any = false;
        foreach (var (unit, size) in Units)
        {
            var amount = remaining / size.Ticks;
            if (amount > 0)
            {
                builder.Append(amount.ToString(CultureInfo.InvariantCulture)).Append(unit);
                remaining -= amount * size.Ticks;
                any = true;
            }
        }

        return any ? builder.ToString() : "0s";
    }
}
