using System.Globalization;
using Deployer.Core.Manifests;

namespace Deployer.Core.Checks;

/// <summary>Formatting shared by check reasons, so they read the same everywhere.</summary>
public static class Reasons
{
    /// <summary>"12m", "1h30m", "2d3h": short and exact enough for a person.</summary>
    public static string Duration(TimeSpan span)
    {
        if (span < TimeSpan.Zero)
        {
            span = TimeSpan.Zero;
        }

        if (span.TotalMinutes < 1)
        {
            return $"{(int)span.TotalSeconds}s";
        }

        if (span.TotalHours < 1)
        {
            return $"{(int)span.TotalMinutes}m";
        }

        if (span.TotalDays < 1)
        {
            return span.Minutes == 0 ? $"{(int)span.TotalHours}h" : $"{(int)span.TotalHours}h{span.Minutes}m";
        }

        return span.Hours == 0 ? $"{(int)span.TotalDays}d" : $"{(int)span.TotalDays}d{span.Hours}h";
    }

    /// <summary>"14:32:15 UTC" within the hour (minutes alone mislead there), "14:32 UTC" today, "Mon 14:32 UTC" within a week, else a date.</summary>
    public static string At(DateTimeOffset at, DateTimeOffset now)
    {
        var utc = at.ToUniversalTime();
        if ((utc - now).Duration() < TimeSpan.FromHours(1) && utc.Second != 0)
        {
            return utc.ToString("HH:mm:ss 'UTC'", CultureInfo.InvariantCulture);
        }

        var days = (utc.Date - now.ToUniversalTime().Date).TotalDays;
        return days switch
        {
            0 => utc.ToString("HH:mm 'UTC'", CultureInfo.InvariantCulture),
            > 0 and < 7 => utc.ToString("ddd HH:mm 'UTC'", CultureInfo.InvariantCulture),
            _ => utc.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture),
        };
    }

    public static CheckResult Apply(this CheckResult result, CheckMode mode) =>
        mode == CheckMode.Shadow ? result with { Shadow = true } : result;
}
