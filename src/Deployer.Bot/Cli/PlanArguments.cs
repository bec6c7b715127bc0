namespace Deployer.Bot.Cli;

/// <summary>The parsed arguments of <c>plan</c>.</summary>
public sealed record PlanArguments
{
    public const string Usage =
        """
        usage: Deployer.Bot plan [--world FILE] [--manifests DIR] [--service S] [--json]

          without --world   ask the configured platforms and sources (appsettings.json, environment variables),
                            with holds from the bot's store: read-only, nothing is promoted or recorded
          --world FILE      instead read every outside system (releases, alerts, incidents, tests, branches,
                            holds, and the clock when it has "now") from this JSON file: offline
          --manifests DIR   the manifest folder (default: manifests/ in the repository root)
          --service S       only this service
          --json            print a JSON array instead of a table
        """;

    public string? Manifests { get; init; }
    public string? Service { get; init; }
    public string? World { get; init; }
    public bool Json { get; init; }
    public bool Help { get; init; }

    /// <summary>The arguments, or an error message.</summary>
    public static (PlanArguments? Arguments, string? Error) Parse(IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var result = new PlanArguments();
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            switch (arg)
            {
                case "--json":
                    result = result with { Json = true };
                    continue;
                case "-h" or "--help" or "help":
                    result = result with { Help = true };
                    continue;
                case "--manifests" or "--service" or "--world":
                    if (i + 1 >= args.Count || args[i + 1].StartsWith("--", StringComparison.Ordinal))
                    {
                        return (null, $"{arg} needs a value");
                    }

                    var value = args[++i];
                    result = arg switch
                    {
                        "--manifests" => result with { Manifests = value },
                        "--service" => result with { Service = value },
                        _ => result with { World = value },
                    };
                    continue;
                default:
                    return (null, $"unknown argument '{arg}'");
            }
        }

        return (result, null);
    }
}
