namespace Deployer.Bot.Store;

/// <summary>The store file exists but cannot be read as a LiteDB database: the bot must not run on it.</summary>
public sealed class StoreDamagedException(string path, string reason, Exception? inner = null)
    : Exception($"{path} (Store:Path) is damaged: {reason}", inner)
{
    public string StorePath { get; } = path;
    public string Reason { get; } = reason;

    /// <summary>The one line printed at start-up: what is wrong and what to do.</summary>
    public string Advice =>
        $"Store error: {StorePath} (Store:Path) cannot be read: {Reason}. Restore the last backup (README, Backups) or repair it with: dotnet run --project src/Deployer.Bot -- store repair";
}
