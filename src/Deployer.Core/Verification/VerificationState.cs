namespace Deployer.Core.Verification;

/// <summary>Where the watch after a promotion into a stage stands.</summary>
public enum VerificationState
{
    /// <summary>The window is open: the stage's health checks are re-evaluated every cycle.</summary>
    Verifying,

    /// <summary>The window passed with no failing health check.</summary>
    Verified,

    /// <summary>A health check failed during the window: the stage was held and the commit rejected there.</summary>
    Failed,

    /// <summary>The window ended early because a target no longer runs the promoted release (a hand deploy, a failed release).</summary>
    Superseded,
}
