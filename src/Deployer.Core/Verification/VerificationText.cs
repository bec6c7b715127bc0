using Deployer.Core.Checks;

namespace Deployer.Core.Verification;

/// <summary>The wording of verification states, shared by checks, status, plan, events and the audit log.</summary>
public static class VerificationText
{
    /// <summary><c>verifying 4f2a1c0 in staging until 14:32 UTC</c>.</summary>
    public static string Verifying(StageVerification v, DateTimeOffset now) =>
        $"verifying {v.ShortCommit} in {v.Stage} until {Reasons.At(v.UntilAt(now), now)}" +
        (v.UnknownSince is not null ? $" (extended while unknown: {v.Reason})" : "");

    /// <summary><c>4f2a1c0 failed verification in production at 14:20 UTC (alert router is up: firing)</c>.</summary>
    public static string Rejected(RejectedCommit rejected, string stage, DateTimeOffset now) =>
        $"{rejected.ShortCommit} failed verification in {stage} at {Reasons.At(rejected.At, now)} ({rejected.Reason})";

    /// <summary>One line for status and history: the state with its times.</summary>
    public static string OneLine(StageVerification v, DateTimeOffset now) => v.State switch
    {
        VerificationState.Verifying => Verifying(v, now) + $" · {Reasons.Duration(v.UntilAt(now) - now)} left",
        VerificationState.Verified => $"verified {v.ShortCommit} in {v.Stage} at {Reasons.At(v.EndedAt ?? v.Until, now)}",
        VerificationState.Failed => $"{v.ShortCommit} failed verification in {v.Stage} at {Reasons.At(v.EndedAt ?? v.StartedAt, now)}: {v.Reason}",
        _ => $"verification of {v.ShortCommit} in {v.Stage} superseded at {Reasons.At(v.EndedAt ?? v.StartedAt, now)}: {v.Reason}",
    };

    /// <summary>A failing check as a rejection names it: <c>alert router is up: firing (…)</c>, <c>incident Q1 on PROUTER is triggered: …</c>.</summary>
    public static string Cause(string check, string reason) => check switch
    {
        CheckNames.Alerts => $"alert {reason}",
        CheckNames.Incidents => reason.StartsWith("incident", StringComparison.Ordinal) ? reason : $"incidents: {reason}",
        _ => $"{check}: {reason}",
    };

    /// <summary>The hold's reason: <c>verification failed: alerts: router is up: firing (…)</c>.</summary>
    public static string HoldReason(string check, string reason) => $"verification failed: {check}: {reason}";
}
