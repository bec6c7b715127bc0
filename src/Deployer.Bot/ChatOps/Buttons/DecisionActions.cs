namespace Deployer.Bot.ChatOps.Buttons;

/// <summary>
/// The action ids of the buttons on decision messages (issue 16). A trailing "…" on a label means the button opens a
/// modal that asks for words before anything happens.
/// </summary>
internal static class DecisionActions
{
    private const string Prefix = "decision-";

    /// <summary><b>Hold…</b> on a blocked pair: a modal asking stage, duration and reason, then the <c>hold</c> verb.</summary>
    public const string Hold = Prefix + "hold";

    /// <summary><b>Force promote…</b> on a blocked pair: a modal asking the reason, then the <c>force</c> verb.</summary>
    public const string Force = Prefix + "force";

    /// <summary><b>Details</b>: every check with its reason and when it is expected to clear, privately.</summary>
    public const string Details = Prefix + "details";

    /// <summary><b>Resume</b> on a held pair: the <c>resume</c> verb for the hold's scope.</summary>
    public const string Resume = Prefix + "resume";

    /// <summary><b>Roll back…</b> on a failed promotion: a modal asking the reason, then the <c>rollback</c> verb.</summary>
    public const string Rollback = Prefix + "rollback";

    /// <summary><b>Retry</b> on a failed promotion: evaluate the pair now and, when every check passes, promote it again.</summary>
    public const string Retry = Prefix + "retry";

    public static bool Handles(string? actionId) => actionId is not null && actionId.StartsWith(Prefix, StringComparison.Ordinal);
}
