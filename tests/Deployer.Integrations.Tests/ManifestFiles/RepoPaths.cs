using System.Runtime.CompilerServices;

namespace Deployer.Integrations.Tests.ManifestFiles;

/// <summary>Finds repository files from tests, wherever the build output lives (e.g. a custom artifacts path).</summary>
internal static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    public static string ManifestsDirectory => Path.Combine(Root, "manifests");

    public static string ExamplesDirectory => Path.Combine(ManifestsDirectory, "examples");

    public static string SchemaFile => Path.Combine(ManifestsDirectory, "manifest.schema.json");

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

        throw new InvalidOperationException("cannot find the repository root (Deployer.Bot.sln)");
    }
}
