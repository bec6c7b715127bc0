using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;

namespace Deployer.Integrations.CommandPlatform;

/// <summary>
/// What the promotion ledger keeps (as the intent's external id) about one command-platform promotion: the run's folder
/// and, for every target whose script was started, the script's pid, start time and process group. Written before the
/// script may begin, so a restart knows which scripts may still be running:
/// <c>cmd:&lt;run&gt;;&lt;target&gt;=&lt;pid&gt;@&lt;start&gt;/&lt;group&gt;;…</c>.
/// </summary>
internal sealed record CommandRunRecord(string RunId, IReadOnlyList<(string Target, ProcessIdentity Process)> Started)
{
    private const string Prefix = "cmd:";

    public CommandRunRecord With(string target, ProcessIdentity process) => this with { Started = [.. Started, (target, process)] };

    public ProcessIdentity? Find(string target) =>
        Started.FirstOrDefault(s => string.Equals(s.Target, target, StringComparison.Ordinal)) is { Target: not null } found ? found.Process : null;

    public override string ToString()
    {
        var text = new StringBuilder(Prefix).Append(RunId);
        foreach (var (target, p) in Started)
        {
            text.Append(CultureInfo.InvariantCulture, $";{target}={p.Pid}@{p.StartTime}/{p.Group}");
        }

        return text.ToString();
    }

    public static bool TryParse(string? text, [NotNullWhen(true)] out CommandRunRecord? record)
    {
        record = null;
        if (text is null || !text.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return false;
        }

        var parts = text[Prefix.Length..].Split(';');
        if (parts[0].Length == 0 || parts[0].IndexOfAny(['/', '\\', '.']) >= 0)
        {
            return false;
        }

        var started = new List<(string, ProcessIdentity)>();
        foreach (var part in parts.Skip(1))
        {
            var equals = part.LastIndexOf('=');
            var at = part.LastIndexOf('@');
            var slash = part.LastIndexOf('/');
            if (equals <= 0 || at < equals || slash < at
                || !int.TryParse(part.AsSpan(equals + 1, at - equals - 1), NumberStyles.None, CultureInfo.InvariantCulture, out var pid)
                || !long.TryParse(part.AsSpan(at + 1, slash - at - 1), NumberStyles.None, CultureInfo.InvariantCulture, out var start)
                || !int.TryParse(part.AsSpan(slash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var group))
            {
                return false;
            }

            started.Add((part[..equals], new ProcessIdentity(pid, start, group)));
        }

        record = new CommandRunRecord(parts[0], started);
        return true;
    }
}
