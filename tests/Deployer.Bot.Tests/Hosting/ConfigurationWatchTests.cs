using Deployer.Bot.Hosting;
using Deployer.Bot.Tests.Support;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Configuration.Json;

namespace Deployer.Bot.Tests.Hosting;

/// <summary>
/// Settings are validated once at start, so no configuration file is watched: a watching configuration puts a
/// FileSystemWatcher on the whole content root, the store's folder included, and every LiteDB commit woke it.
/// </summary>
public sealed class ConfigurationWatchTests
{
    [Fact]
    public void No_settings_file_is_watched_for_changes()
    {
        using var root = new TempDir();
        TestBot.Prepare(root);

        var builder = DeployerHost.CreateBuilder([], root.Path);

        var files = ((IConfigurationBuilder)builder.Configuration).Sources.OfType<JsonConfigurationSource>().ToList();
        Assert.Contains(files, f => f.Path == "appsettings.json");
        Assert.All(files, f => Assert.False(f.ReloadOnChange, $"{f.Path} is watched"));
    }

    [Fact]
    public void A_value_given_on_the_command_line_still_wins()
    {
        using var root = new TempDir();
        TestBot.Prepare(root);

        var builder = DeployerHost.CreateBuilder(["--Engine:Interval=00:00:07"], root.Path);

        Assert.Equal("00:00:07", builder.Configuration["Engine:Interval"]);
    }
}
