using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;

namespace Deployer.Integrations.CommandPlatform;

/// <summary>
/// Kills a whole process group with <c>kill -KILL -- -&lt;group&gt;</c>: unlike a walk of the process tree it also reaches
/// children a script left behind and that were re-parented away from it. .NET has no API for process groups.
/// </summary>
internal static class ProcessGroupKiller
{
    private static readonly TimeSpan KillTimeout = TimeSpan.FromSeconds(5);

    public static async Task KillAsync(ProcessIdentity identity, Process? process)
    {
        try
        {
            using var kill = Process.Start(new ProcessStartInfo("/bin/sh")
            {
                ArgumentList = { "-c", "kill -KILL -- \"-$1\" 2>/dev/null", "kill-group", identity.Group.ToString(CultureInfo.InvariantCulture) },
                UseShellExecute = false,
            });
            if (kill is not null)
            {
                using var timeout = new CancellationTokenSource(KillTimeout);
                await kill.WaitForExitAsync(timeout.Token);
            }
        }
        catch (Exception ex) when (ex is Win32Exception or OperationCanceledException or InvalidOperationException)
        {
            // Fall through to the tree kill below.
        }

        try
        {
            process?.Kill(entireProcessTree: true);
        }
        catch (Exception ex) when (ex is InvalidOperationException or Win32Exception)
        {
            // Already gone.
        }
    }
}
