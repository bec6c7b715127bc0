using System.Globalization;

namespace Deployer.Benchmarks;

/// <summary>Whole-machine CPU from <c>/proc/stat</c> (busy = all but idle and iowait), to see what else competed.</summary>
public sealed class MachineCpu
{
    private readonly (long Busy, long Total) _start = Read();

    /// <summary>Busy share of all cores since construction, 0–100 × cores (like top's per-process figures).</summary>
    public double BusyPctOfOneCore()
    {
        var now = Read();
        var total = now.Total - _start.Total;
        return total <= 0 ? double.NaN : (now.Busy - _start.Busy) * 100.0 * Environment.ProcessorCount / total;
    }

    public static string LoadAverage() => File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "?";

    private static (long Busy, long Total) Read()
    {
        if (!File.Exists("/proc/stat"))
        {
            return (0, 0);
        }

        var fields = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1)
            .Select(f => long.Parse(f, CultureInfo.InvariantCulture)).ToArray();
        var total = fields.Take(8).Sum();
        var idle = fields[3] + fields[4];
        return (total - idle, total);
    }
}
