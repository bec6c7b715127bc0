using Deployer.Bot.ChatOps.Rendering;
using Deployer.Core.Decisions;
using Deployer.Core.Manifests;
using Deployer.Slack.BlockKit;

namespace Deployer.Bot.ChatOps.Buttons;

/// <summary>Opens the modal a Hold…, Force promote… or Roll back… button asks for. Null when it opened; otherwise what to tell the presser.</summary>
internal sealed class DecisionModalOpener(Microsoft.Extensions.Logging.ILogger<DecisionModalOpener> logger)
{
    public Task<SlackMessage?> OpenAsync(DecisionClick click, ServiceManifest manifest, PairDecision current, CancellationToken cancellationToken)
    {
        var verb = click.ActionId switch
        {
            DecisionActions.Hold => $"hold {manifest.Service} {current.To} for 2h <reason>",
            DecisionActions.Force => $"force {manifest.Service} {current.To} <reason>",
            _ => $"rollback {manifest.Service} {current.To} <reason>",
        };
        Microsoft.Extensions.Logging.LoggerExtensions.LogInformation(logger, "No modal yet for {Action}", click.ActionId);
        return Task.FromResult<SlackMessage?>(Replies.Text($"Type `/deployer {SlackFormat.Escape(verb)}`."));
    }
}
