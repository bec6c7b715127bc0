using System.ComponentModel;
using System.Globalization;
using CliWrap;

namespace Deployer.Integrations.CommandPlatform;

/// <summary>
/// Kills a whole process group with <c>kill -KILL -- -&lt;group&gt;</c> (the shell's builtin, run through CliWrap). Kept
/// beside CliWrap's own kill because that one walks the process tree of a process this bot started: it cannot reach
/// children a promote script left behind that were re-parented away from it, nor, after a restart, a script started by
/// the previous bot process (no process handle then, only its recorded group). .NET has no API for process groups.
/// </summary>
internal static class ProcessGroupKiller
{
    private static readonly TimeSpan KillTimeout = TimeSpan.FromSeconds(5);

    public static async Task KillAsync(ProcessIdentity identity)
    {
        try
        {
            using var timeout = new CancellationTokenSource(KillTimeout);
            await Cli.Wrap("/bin/sh")
                .WithArguments(["-c", "kill -KILL -- \"-$1\" 2>/dev/null", "kill-group", identity.Group.ToString(CultureInfo.InvariantCulture)])
                .WithValidation(CommandResultValidation.None)
                .ExecuteAsync(timeout.Token);
        }
        catch (Exception ex) when (ex is Win32Exception or OperationCanceledException or TimeoutException)
        {
            // Nothing more to try: the caller reports the run as timed out (or the group as gone) either way.
        }
    }
}
