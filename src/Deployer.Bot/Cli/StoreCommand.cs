using System.Globalization;
using Deployer.Bot.Hosting;
using Deployer.Bot.Store;
using LiteDB;
using Microsoft.Extensions.Configuration;

namespace Deployer.Bot.Cli;

/// <summary>
/// <c>store check</c> (read every document), <c>store repair</c> (LiteDB's rebuild, keeping a copy of the damaged file)
/// and <c>store backup &lt;file&gt;</c> (a consistent copy, also while the bot runs). The store is <c>Store:Path</c> from
/// the usual configuration, or <c>--path FILE</c>. Exit codes: 0 fine, 1 damaged or failed, 2 usage.
/// </summary>
public static class StoreCommand
{
    public const string Usage =
        """
        usage: store check  [--path FILE]          read every document; exit 1 if the store is damaged
               store repair [--path FILE]          rebuild a damaged store (the bot must be stopped); keeps <file>.damaged-<time>
               store backup <file> [--path FILE]   write a consistent, checked copy (the bot may keep running)
        """;

    public static int Run(string[] args, TextWriter output, TextWriter error, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        var rest = new List<string>(args);
        string? path = null;
        var at = rest.IndexOf("--path");
        if (at >= 0)
        {
            if (at + 1 >= rest.Count)
            {
                error.WriteLine("--path needs a file\n" + Usage);
                return 2;
            }

            path = rest[at + 1];
            rest.RemoveRange(at, 2);
        }

        path = Path.GetFullPath(path ?? ConfiguredPath(rest.Where(a => a.StartsWith("--", StringComparison.Ordinal)).ToArray()));
        rest.RemoveAll(a => a.StartsWith("--", StringComparison.Ordinal));
        try
        {
            return rest switch
            {
                ["check"] => StoreMaintenance.Check(path, output, error),
                ["repair"] => StoreMaintenance.Repair(path, output, error, time ?? TimeProvider.System),
                ["backup", var file] => StoreMaintenance.Backup(path, Path.GetFullPath(file), output, error),
                _ => UsageError(error),
            };
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or LiteException)
        {
            error.WriteLine($"store {string.Join(' ', rest)}: {StoreInspector.OneLine(ex)}");
            return 1;
        }
    }

    private static int UsageError(TextWriter error)
    {
        error.WriteLine(Usage);
        return 2;
    }

    /// <summary><c>Store:Path</c> from appsettings.json, the environment and <c>--Store:Path=…</c>, relative to the content root.</summary>
    private static string ConfiguredPath(string[] switches)
    {
        var root = ContentRoot.Find();
        var configuration = new ConfigurationBuilder()
            .SetBasePath(root)
            .AddJsonFile("appsettings.json", optional: true)
            .AddEnvironmentVariables()
            .AddCommandLine(switches)
            .Build();
        return Path.Combine(root, configuration[$"{StoreOptions.Section}:{nameof(StoreOptions.Path)}"] is { Length: > 0 } p ? p : new StoreOptions().Path);
    }

    internal static string Stamp(TimeProvider time) => time.GetUtcNow().ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture);
}
