using System.Globalization;
using Deployer.Bot.ChatOps.Rendering;
using Deployer.Core.Decisions;
using Deployer.Core.Events;
using Deployer.Core.Manifests;

namespace Deployer.Bot.Notifications.Console;

/// <summary>Renders an event as console text for local mode; null when the console has nothing to say about it.</summary>
internal sealed class ConsoleRenderer(IManifestCatalog catalog)
{
    public string? Render(DeployerEvent deployerEvent) => deployerEvent switch
    {
        // 14:02:11 router staging→production 9f1c2ab FAILED … → owners: @router-team, U0ALICE
        DecisionChanged { Current.Kind: DecisionKind.Failed } d => WithMentions(d.Service, $"{Clock(d.Current.At)} {DecisionText.OneLine(d.Current)}") + Changes(d),

        // 14:02:11 router staging→production 9f1c2ab BLOCKED release-age: …
        DecisionChanged d => $"{Clock(d.Current.At)} {DecisionText.OneLine(d.Current)}" + Changes(d),

        // 16:20:00 router staging→production 9f1c2ab BLOCKED FOR 2h by alerts: router is up: firing (…) → owners: @router-team
        BlockedTooLong b => WithMentions(b.Service, $"{Clock(b.At)} {b.Service} {b.PairLabel} {b.ShortCommit} BLOCKED FOR {Core.Checks.Reasons.Duration(b.At - b.Since)} by {b.Check}: {b.Reason}"),
        HoldExpired e => $"{Clock(e.At)} hold on {Where(e.Hold.Service, e.Hold.Stage)} by {e.Hold.By} expired: {e.Hold.Reason}",

        // On the console, whoever placed or lifted a hold typed it there and has just read the command's reply.
        HoldPlaced or HoldLifted => null,
        ForceRequestChanged f => InChannel(f.Service, ConsoleText.Render(ForceRequestBlocks.Render(f.Request))),
        ManifestNotLoaded m => InChannel(m.Service, ConsoleText.Plain(ChannelText.ManifestNotLoaded(m))),
        RollbackStarted or RollbackCompleted => RollbackConsoleText.Render(deployerEvent),
        PromotionSettled s => $"{Clock(s.At)} {s.Service} {s.From}→{s.To} {s.ShortCommit} SETTLED after a restart: {s.Outcome.ToString().ToUpperInvariant()} ({s.Message})",
        VerificationFailed => WithMentions(deployerEvent.Service, $"{Clock(deployerEvent.At)} {VerificationConsoleText.Render(deployerEvent)}"),
        Verified or VerificationSuperseded => $"{Clock(deployerEvent.At)} {VerificationConsoleText.Render(deployerEvent)}",
        _ => null,
    };

    /// <summary>The diff's change list on an indented second line, when the announcement carries one.</summary>
    private static string Changes(DecisionChanged d) =>
        d.Changes is { } changes && d.Current.Kind != DecisionKind.InSync ? $"\n         {ChangeListText.Plain(changes)}" : "";

    private string? InChannel(string service, string text) =>
        catalog.Find(service)?.Slack.Channel is { Length: > 0 } channel ? $"[{channel}] {text}" : null;

    /// <summary>What Slack would mention, as text: <c>… → owners: @ana, @payments-oncall</c>.</summary>
    private string WithMentions(string service, string line) =>
        Mentions.Console(catalog.Find(service)) is { } who ? $"{line} {who}" : line;

    private static string Where(string service, string? stage) => stage is null ? service : $"{service} {stage}";

    private static string Clock(DateTimeOffset at) => at.UtcDateTime.ToString("HH:mm:ss", CultureInfo.InvariantCulture);
}
