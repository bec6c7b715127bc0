using System.Runtime.CompilerServices;

namespace Deployer.Testing;

/// <summary>Paths of the repository and the built bot, wherever the tests run from (e.g. a custom artifacts path).</summary>
public static class RepoPaths
{
    /// <summary>The repository root: the first folder holding <c>Deployer.Bot.sln</c> above the test output or this source file.</summary>
    public static string Root { get; } = FindRoot();

    public static string ManifestsDirectory => Path.Combine(Root, "manifests");

    public static string ExamplesDirectory => Path.Combine(ManifestsDirectory, "examples");

    public static string SchemaFile => Path.Combine(ManifestsDirectory, "manifest.schema.json");

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

    private static string FindRoot([CallerFilePath] string thisFile = "")
    {
        foreach (var start in new[] { AppContext.BaseDirectory, Path.GetDirectoryName(thisFile) ?? "" })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "Deployer.Bot.sln")))
                {
                    return dir.FullName;
                }
            }
        }

        throw new DirectoryNotFoundException($"no Deployer.Bot.sln above {AppContext.BaseDirectory} or {thisFile}");
    }
}
