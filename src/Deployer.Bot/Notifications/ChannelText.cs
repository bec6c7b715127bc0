using Deployer.Bot.ChatOps.Rendering;
using Deployer.Core.Events;

namespace Deployer.Bot.Notifications;

/// <summary>Texts of events told the same way on every channel kind (as Slack mrkdwn; the console strips the markup).</summary>
internal static class ChannelText
{
    public static string ManifestNotLoaded(ManifestNotLoaded m) =>
        $"⚠️ The edit of *{m.File}* was not loaded; *{m.Service}* keeps its last good manifest until it is fixed:\n"
        + string.Join('\n', m.Problems.Select(p => $"• `{p.Path}`: {SlackFormat.Escape(p.Message)}"));
}
