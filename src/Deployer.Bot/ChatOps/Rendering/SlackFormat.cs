using System.Globalization;
using System.Text.RegularExpressions;
using Deployer.Core.Checks;
using Deployer.Core.Decisions;

namespace Deployer.Bot.ChatOps.Rendering;

/// <summary>Small mrkdwn helpers shared by every message.</summary>
internal static partial class SlackFormat
{
    /// <summary><c>&lt;@U123&gt;</c> for a Slack user id; other actors (<c>engine</c>, <c>local</c>) as they are.</summary>
    public static string User(string id) => UserId().IsMatch(id) ? $"<@{id}>" : id;

    /// <summary>Turns bare Slack user ids inside engine text ("forced by U0123ABCD") into mentions.</summary>
    public static string Mentions(string text) => BareUserId().Replace(text, "<@$1>");

    /// <summary>Escapes the three characters Slack treats as control characters.</summary>
    public static string Escape(string text) =>
        text.AsSpan().IndexOfAny('&', '<', '>') < 0 ? text : text.Replace("&", "&amp;", StringComparison.Ordinal).Replace("<", "&lt;", StringComparison.Ordinal).Replace(">", "&gt;", StringComparison.Ordinal);

    /// <summary>
    /// A time shown in each reader's own zone, with a UTC fallback (what the console shows); to the second, since a hold
    /// "for 1m" or a row of history within one minute would otherwise read as the same minute.
    /// </summary>
    public static string Time(DateTimeOffset at) =>
        $"<!date^{at.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture)}^{{date_short_pretty}} {{time_secs}}|{at.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)} UTC>";

    /// <summary><c>45s</c>, <c>2m45s</c> (seconds under ten minutes), <c>12m</c>, <c>3h5m</c>, <c>2d4h</c>.</summary>
    public static string Age(TimeSpan age)
    {
        if (age < TimeSpan.Zero)
        {
            age = TimeSpan.Zero;
        }

        return age.TotalMinutes < 1 ? $"{(int)age.TotalSeconds}s"
            : age.TotalMinutes < 10 && age.Seconds != 0 ? $"{(int)age.TotalMinutes}m{age.Seconds}s"
            : age.TotalHours < 1 ? $"{(int)age.TotalMinutes}m"
            : age.TotalDays < 1 ? (age.Minutes == 0 ? $"{(int)age.TotalHours}h" : $"{(int)age.TotalHours}h{age.Minutes}m")
            : age.Hours == 0 ? $"{(int)age.TotalDays}d" : $"{(int)age.TotalDays}d{age.Hours}h";
    }

    public static string Icon(CheckResult check) => check.OutcomeLabel switch
    {
        "pass" => "✅",
        "fail" => "❌",
        "shadow-fail" => "👻",
        _ => "❔",
    };

    public static string Icon(DecisionKind kind) => kind switch
    {
        DecisionKind.InSync => "✅",
        DecisionKind.Promote => "🚀",
        DecisionKind.Promoting => "⏳",
        DecisionKind.Promoted => "🎉",
        DecisionKind.Blocked => "⛔",
        DecisionKind.Held => "✋",
        DecisionKind.Failed => "💥",
        _ => "•",
    };

    public static string Label(DecisionKind kind) => kind switch
    {
        DecisionKind.InSync => "in sync",
        DecisionKind.Promote => "ready to promote",
        _ => kind.ToString().ToLowerInvariant(),
    };

    /// <summary>
    /// One check: icon, name, reason, and how long until it clears. A reason that time can clear already says when
    /// ("ready at 14:32 UTC"); only the countdown is added, never a second time.
    /// </summary>
    public static string Check(CheckResult check, DateTimeOffset now)
    {
        var line = $"{Icon(check)} *{check.Check}*: {Escape(check.Reason)}";
        if (check.Shadow)
        {
            line += " _(shadow: reported, never blocks)_";
        }

        if (check.Blocks && check.ClearsAt is { } clears && clears > now)
        {
            line += $" · in {Age(clears - now)}";
        }

        return line;
    }

    [GeneratedRegex("^[UW][A-Z0-9]{6,}$")]
    private static partial Regex UserId();

    [GeneratedRegex(@"(?<![<@\w])([UW][A-Z0-9]{8,})\b")]
    private static partial Regex BareUserId();
}
