using System.Text.RegularExpressions;
using Deployer.Core.Manifests;

namespace Deployer.Bot.Notifications;

/// <summary>
/// Who a failure mentions (<see cref="ServiceManifest.FailureMentions"/>: <c>slack.mentionOnFailure</c>, else
/// <c>owners</c>) and how each entry is written: a user id <c>U…</c>/<c>W…</c> as <c>&lt;@U…&gt;</c>, a user group id
/// <c>@S…</c> as <c>&lt;!subteam^S…&gt;</c>, a <c>@handle</c> as <c>&lt;!subteam^S…&gt;</c> when the group directory
/// knows it, else as plain <c>@handle</c> text (which Slack shows but does not notify).
/// </summary>
internal static partial class Mentions
{
    /// <summary>The Slack text mentioning <paramref name="entries"/>, space-separated; empty when there are none.</summary>
    public static string Slack(IEnumerable<string> entries, Func<string, string?>? groupIdForHandle = null) =>
        string.Join(' ', entries.Select(e => Slack(e, groupIdForHandle)).Distinct(StringComparer.Ordinal));

    public static string Slack(string entry, Func<string, string?>? groupIdForHandle = null)
    {
        ArgumentNullException.ThrowIfNull(entry);
        if (UserId().IsMatch(entry))
        {
            return $"<@{entry}>";
        }

        if (entry.Length > 1 && entry[0] == '@')
        {
            var group = entry[1..];
            if (GroupId().IsMatch(group))
            {
                return $"<!subteam^{group}>";
            }

            if (groupIdForHandle?.Invoke(group) is { Length: > 0 } id)
            {
                return $"<!subteam^{id}>";
            }
        }

        return Deployer.Bot.ChatOps.Rendering.SlackFormat.Escape(entry);
    }

    /// <summary>A user group written by handle (<c>@router-team</c>), not by id.</summary>
    public static bool IsHandle(string entry) => entry.Length > 1 && entry[0] == '@' && !GroupId().IsMatch(entry[1..]);

    /// <summary>The console's tail: <c>→ owners: @router-team, U0ALICE</c> (or <c>→ mentionOnFailure: …</c>); null when nobody is mentioned.</summary>
    public static string? Console(ServiceManifest? manifest)
    {
        if (manifest is null || manifest.FailureMentions.Count == 0)
        {
            return null;
        }

        var label = manifest.Slack.MentionOnFailure is null ? "owners" : "mentionOnFailure";
        return $"→ {label}: {string.Join(", ", manifest.FailureMentions)}";
    }

    [GeneratedRegex("^[UW][A-Z0-9_]{2,}$")]
    private static partial Regex UserId();

    /// <summary>Slack user group ids: <c>S</c> and at least eight capitals or digits (<c>S0614TZR7</c>); shorter all-capital names are handles (<c>@SRE</c>).</summary>
    [GeneratedRegex("^S[A-Z0-9]{8,}$")]
    private static partial Regex GroupId();
}
