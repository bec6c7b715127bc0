using Deployer.Core.Decisions;

namespace Deployer.Bot.Dashboard.Views;

/// <summary>
/// A pair's state as shown on the page: words and an icon as well as a color (color is never the only signal).
/// </summary>
/// <remarks>
/// The one place where a state becomes a badge. The verification states of issue 15 ("verifying", "failed
/// verification") are not produced by the engine yet; when they are, each is one more case here and one more
/// <c>.badge-…</c> rule in dashboard.css (<c>badge-verifying</c> and <c>badge-verify-failed</c> are already styled).
/// </remarks>
public sealed record Badge(string Label, string Icon, string Css)
{
    public static readonly Badge NotEvaluated = new("not evaluated yet", "…", "badge-none");

    public static Badge For(DecisionKind? kind) => kind switch
    {
        null => NotEvaluated,
        DecisionKind.InSync => new("in sync", "✓", "badge-insync"),
        DecisionKind.Promote => new("promote", "→", "badge-promoting"),
        DecisionKind.Promoting => new("promoting", "⟳", "badge-promoting"),
        DecisionKind.Promoted => new("promoted", "✓", "badge-promoted"),
        DecisionKind.Blocked => new("blocked", "✕", "badge-blocked"),
        DecisionKind.Held => new("held", "‖", "badge-held"),
        DecisionKind.Failed => new("failed", "!", "badge-failed"),
        _ => new(kind.Value.ToString().ToLowerInvariant(), "?", "badge-none"),
    };
}
