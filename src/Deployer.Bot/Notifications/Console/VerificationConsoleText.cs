using Deployer.Core.Checks;
using Deployer.Core.Events;
using Deployer.Core.Manifests;

namespace Deployer.Bot.Notifications.Console;

/// <summary>Verification events as one console line each (issue 15).</summary>
internal static class VerificationConsoleText
{
    public static string? Render(DeployerEvent deployerEvent) => deployerEvent switch
    {
        // 14:24:00 router production bbbbbbb FAILED VERIFICATION alerts: router is up: firing (…); held production. Roll back: rollback router production · keep it: resume router production
        VerificationFailed f => $"{f.Service} {f.Verification.Stage} {f.Verification.ShortCommit} FAILED VERIFICATION {f.Check}: {f.CheckReason}; " +
            (f.OnFailure == VerifyFailureAction.Rollback ? $"held and rolling back {f.Verification.Stage}" : $"held {f.Verification.Stage} (roll back: `rollback {f.Service} {f.Verification.Stage}`; keep it: `resume {f.Service} {f.Verification.Stage}`)") +
            $"; {f.Verification.ShortCommit} is rejected there",
        Verified v => $"{v.Service} {v.Verification.Stage} {v.Verification.ShortCommit} VERIFIED: healthy for {Reasons.Duration(v.Verification.For)}" +
            (v.Verification.UnknownFor > TimeSpan.Zero ? $" (+{Reasons.Duration(v.Verification.UnknownFor)} while unknown)" : ""),
        VerificationSuperseded s => $"{s.Service} {s.Verification.Stage} {s.Verification.ShortCommit} verification SUPERSEDED: {s.Verification.Reason}",
        _ => null,
    };
}
