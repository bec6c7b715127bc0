namespace Deployer.Bot.Hosting;

/// <summary>
/// Finds the repository root, where <c>appsettings.json</c>, <c>manifests/</c> and <c>local-world.json</c> live, so
/// <c>dotnet run --project src/Deployer.Bot</c> reads them and not copies in the project or output folder.
/// </summary>
public static class ContentRoot
{
    /// <summary>Overrides the search: the folder to use as content root.</summary>
    public const string EnvironmentVariable = "DEPLOYER_ROOT";

    /// <summary>
    /// <c>DEPLOYER_ROOT</c> if set; else the nearest folder at or above the current directory, then above the
    /// executable, holding <c>Deployer.Bot.sln</c> or <c>appsettings.json</c>; else the current directory.
    /// </summary>
    public static string Find()
    {
        if (Environment.GetEnvironmentVariable(EnvironmentVariable) is { Length: > 0 } configured)
        {
            return Path.GetFullPath(configured);
        }

        return Search(Directory.GetCurrentDirectory()) ?? Search(AppContext.BaseDirectory) ?? Directory.GetCurrentDirectory();
    }

    /// <summary>The nearest folder at or above <paramref name="start"/> that looks like the repository root, or null.</summary>
    public static string? Search(string start)
    {
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Deployer.Bot.sln"))
                || (File.Exists(Path.Combine(dir.FullName, "appsettings.json")) && Directory.Exists(Path.Combine(dir.FullName, "manifests"))))
            {
                return dir.FullName;
            }
        }

        return null;
    }
}
