using System.Globalization;
using Deployer.Core.Events;

namespace Deployer.Bot.Notifications.Console;

/// <summary>A rollback's console lines in local mode: one when it starts, one when it ends.</summary>
internal static class RollbackConsoleText
{
    public static string? Render(DeployerEvent deployerEvent) => deployerEvent switch
    {
        // 14:02:11 router production ROLLING BACK bbbbbbb → aaaaaaa on router-prod-us (local: 5xx spike)
        RollbackStarted s => $"{Clock(s.At)} {s.Rollback.Service} {s.Rollback.Stage} ROLLING BACK {s.Rollback.FromShort} → {s.Rollback.ToShort} on {s.Rollback.TargetList} ({s.Rollback.Actor}: {s.Rollback.Reason})",
        RollbackCompleted { Succeeded: true } c => $"{Clock(c.At)} {c.Rollback.Service} {c.Rollback.Stage} ROLLED BACK to {c.Rollback.ToShort} (was {c.Rollback.FromShort}){(c.AfterRestart ? " after a restart" : "")}; held until someone resumes it",
        RollbackCompleted c => $"{Clock(c.At)} {c.Rollback.Service} {c.Rollback.Stage} ROLLBACK FAILED ({c.Rollback.FromShort} → {c.Rollback.ToShort}): {c.Message}",
        _ => null,
    };

    private static string Clock(DateTimeOffset at) => at.UtcDateTime.ToString("HH:mm:ss", CultureInfo.InvariantCulture);
}
