using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace Deployer.Integrations.CommandPlatform;

/// <summary>
/// A process as Linux knows it: its pid, its start time (field 22 of <c>/proc/&lt;pid&gt;/stat</c>, clock ticks since
/// boot) and its process group. The start time tells a live process from a later one that reused the pid.
/// </summary>
internal readonly record struct ProcessIdentity(int Pid, long StartTime, int Group)
{
    /// <summary>Reads <paramref name="pid"/>'s start time and group; false when there is no such process.</summary>
    public static bool TryRead(int pid, [NotNullWhen(true)] out ProcessIdentity? identity)
    {
        identity = null;
        if (Stat(pid) is not { } fields)
        {
            return false;
        }

        identity = new ProcessIdentity(pid, fields.StartTime, fields.Group);
        return true;
    }

    /// <summary>True while this very process (same pid and start time) exists and is not a zombie.</summary>
    public bool IsAlive => Stat(Pid) is { } fields && fields.StartTime == StartTime && fields.State != 'Z' && fields.State != 'X';

    /// <summary>True while any live process is in this process group (the script's children included).</summary>
    public bool GroupIsAlive
    {
        get
        {
            try
            {
                foreach (var dir in Directory.EnumerateDirectories("/proc"))
                {
                    if (int.TryParse(Path.GetFileName(dir), NumberStyles.None, CultureInfo.InvariantCulture, out var pid)
                        && Stat(pid) is { } fields && fields.Group == Group && fields.State != 'Z' && fields.State != 'X')
                    {
                        return true;
                    }
                }
            }
            catch (IOException)
            {
                // /proc unreadable: answer from the leader alone.
            }

            return IsAlive;
        }
    }

    private static (char State, int Group, long StartTime)? Stat(int pid)
    {
        string text;
        try
        {
            text = File.ReadAllText($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/stat");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }

        // "pid (comm) state ppid pgrp session tty tpgid flags minflt cminflt majflt cmajflt utime stime cutime cstime
        // priority nice threads itrealvalue starttime ..."; comm may hold spaces and parentheses, so split after the last ')'.
        var close = text.LastIndexOf(')');
        if (close < 0)
        {
            return null;
        }

        var rest = text[(close + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return rest.Length > 19
            && int.TryParse(rest[2], NumberStyles.Integer, CultureInfo.InvariantCulture, out var group)
            && long.TryParse(rest[19], NumberStyles.Integer, CultureInfo.InvariantCulture, out var start)
            ? (rest[0][0], group, start)
            : null;
    }
}
