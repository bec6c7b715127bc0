using System.Globalization;

namespace Deployer.Bot.Dashboard;

/// <summary>Times and durations as the pages print them (always UTC, invariant).</summary>
public static class Fmt
{
    public static string Iso(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);

    /// <summary><c>14:32 UTC</c> on the same day as <paramref name="now"/>, else <c>Nov 26 14:32 UTC</c>.</summary>
    public static string Time(DateTimeOffset at, DateTimeOffset now) =>
        at.UtcDateTime.Date == now.UtcDateTime.Date
            ? at.UtcDateTime.ToString("HH:mm:ss", CultureInfo.InvariantCulture) + " UTC"
            : at.UtcDateTime.ToString("MMM dd HH:mm", CultureInfo.InvariantCulture) + " UTC";

    public static string Took(TimeSpan? took) => took switch
    {
        null => "",
        { TotalMilliseconds: < 1 } => "<1 ms",
        { TotalSeconds: < 1 } t => $"{t.TotalMilliseconds.ToString("0", CultureInfo.InvariantCulture)} ms",
        { } t => $"{t.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture)} s",
    };
}
