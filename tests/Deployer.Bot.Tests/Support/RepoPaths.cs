using System.Runtime.CompilerServices;

namespace Deployer.Bot.Tests.Support;

/// <summary>Paths of the repository and the built bot, wherever the tests run from.</summary>
internal static class RepoPaths
{
    /// <summary>The repository root, found from this source file's compile-time path.</summary>
    public static string Root { get; } = FindRoot();

    /// <summary>The built <c>Deployer.Bot.dll</c> with its runtime config (copied next to the tests by the project reference).</summary>
    public static string BotDll
    {
        get
        {
            var candidates = new[]
            {
                Path.Combine(AppContext.BaseDirectory, "Deployer.Bot.dll"),
                Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "..", "..", "Deployer.Bot", new DirectoryInfo(AppContext.BaseDirectory).Name, "Deployer.Bot.dll")),
            };
            return candidates.FirstOrDefault(c => File.Exists(c) && File.Exists(Path.ChangeExtension(c, ".runtimeconfig.json")))
                ?? throw new FileNotFoundException($"Deployer.Bot.dll with its runtimeconfig not found; looked at {string.Join(", ", candidates)}");
        }
    }

    private static string FindRoot([CallerFilePath] string source = "")
    {
        for (var dir = new DirectoryInfo(Path.GetDirectoryName(source)!); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Deployer.Bot.sln")))
            {
                return dir.FullName;
            }
        }

        throw new DirectoryNotFoundException($"no Deployer.Bot.sln above {source}");
    }
}
