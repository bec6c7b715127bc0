using System.Globalization;

namespace Deployer.Benchmarks;

/// <summary>The command line: <c>&lt;scenario&gt; [--json] [--pipelines N] [--latency-ms N] ...</c>. Unknown options are errors.</summary>
public sealed class BenchOptions
{
    private readonly Dictionary<string, string?> _values = new(StringComparer.OrdinalIgnoreCase);

    public required string Scenario { get; init; }

    public bool Json => Has("json");

    public static BenchOptions Parse(string[] args)
    {
        if (args.Length == 0 || args[0].StartsWith("--", StringComparison.Ordinal))
        {
            throw new ArgumentException("usage: <scenario> [options]; scenarios: cycle, commands, memory, startup, audit, heroku-budget, micro, all, fakes");
        }

        var options = new BenchOptions { Scenario = args[0].ToLowerInvariant() };
        for (var i = 1; i < args.Length; i++)
        {
            var arg = args[i];
            if (!arg.StartsWith("--", StringComparison.Ordinal))
            {
                throw new ArgumentException($"unexpected argument '{arg}'");
            }

            var name = arg[2..];
            string? value = null;
            var eq = name.IndexOf('=', StringComparison.Ordinal);
            if (eq >= 0)
            {
                value = name[(eq + 1)..];
                name = name[..eq];
            }
            else if (i + 1 < args.Length && !args[i + 1].StartsWith("--", StringComparison.Ordinal))
            {
                value = args[++i];
            }

            options._values[name] = value;
        }

        return options;
    }

    public bool Has(string name) => _values.ContainsKey(name);

    public string? String(string name, string? fallback = null) => _values.TryGetValue(name, out var v) && v is not null ? v : fallback;

    public int Int(string name, int fallback) =>
        _values.TryGetValue(name, out var v) && v is not null ? int.Parse(v, CultureInfo.InvariantCulture) : fallback;

    public double Double(string name, double fallback) =>
        _values.TryGetValue(name, out var v) && v is not null ? double.Parse(v, CultureInfo.InvariantCulture) : fallback;
}
