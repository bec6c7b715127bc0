using Deployer.Bot.ChatOps.Buttons;
using Deployer.Core.Decisions;
using Deployer.Slack.BlockKit;

namespace Deployer.Bot.ChatOps.Rendering;

/// <summary>
/// The row of buttons under a decision message: what a reader can do next about that pair. Blocked: Hold…, Force
/// promote…, Details. Held: Resume, Details. Failed: Roll back…, Retry, Details. Anything else (in sync, ready,
/// promoting, promoted, superseded): none.
/// </summary>
internal static class DecisionButtons
{
    public const string BlockId = "decision-actions";

    /// <summary>The actions block for <paramref name="decision"/>, or null when its message offers nothing to do.</summary>
    public static ActionsBlock? For(PairDecision decision, bool superseded)
    {
        if (superseded)
        {
            return null;
        }

        var value = DecisionButton.For(decision).Value();
        ButtonElement[] buttons = decision.Kind switch
        {
            DecisionKind.Blocked =>
            [
                new ButtonElement("Hold…", DecisionActions.Hold, value),
                new ButtonElement("Force promote…", DecisionActions.Force, value, ButtonStyle.Danger),
                Details(value),
            ],
            DecisionKind.Held => [new ButtonElement("Resume", DecisionActions.Resume, value, ButtonStyle.Primary), Details(value)],
            DecisionKind.Failed =>
            [
                new ButtonElement("Roll back…", DecisionActions.Rollback, value, ButtonStyle.Danger),
                new ButtonElement("Retry", DecisionActions.Retry, value, ButtonStyle.Primary),
                Details(value),
            ],
            _ => [],
        };
        return buttons.Length == 0 ? null : new ActionsBlock(buttons, BlockId);
    }

    private static ButtonElement Details(string value) => new("Details", DecisionActions.Details, value);
}
