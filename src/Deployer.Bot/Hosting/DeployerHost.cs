using Deployer.Bot.Store;
using Microsoft.AspNetCore.Builder;
using Deployer.Bot.Startup;

namespace Deployer.Bot.Hosting;

/// <summary>Creates the web host on the repository root's configuration, and runs it with readable start-up errors.</summary>
public static class DeployerHost
{
    public const string DefaultUrls = "http://127.0.0.1:5080";

    /// <summary>
    /// A builder whose content root is <paramref name="contentRoot"/> (default: <see cref="ContentRoot.Find"/>), so
    /// configuration is that folder's <c>appsettings.json</c>, then environment variables (<c>Section__Key</c>), then
    /// the command line.
    /// </summary>
    public static WebApplicationBuilder CreateBuilder(string[] args, string? contentRoot = null)
    {
        // The slim builder leaves out IIS, QUIC and HTTPS set-up and the debug/event-log providers: fewer assemblies
        // loaded and JIT-compiled (docs/performance.md). HTTPS is added back when an https URL or endpoint is configured.
        // Settings are read and validated once at start (a change needs a restart), so appsettings.json is not watched:
        // a reloading configuration watches the whole content root, store folder included, and every LiteDB commit then
        // woke a FileSystemWatcher (about 65 MB of allocations in a cold 1,000-pipeline cycle). Given first, so a
        // command-line value still wins.
        string[] hostArgs = ["--hostBuilder:reloadConfigOnChange=false", .. args];
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = hostArgs, ContentRootPath = contentRoot ?? ContentRoot.Find() });
        var urls = builder.Configuration["Urls"];
        if (string.IsNullOrEmpty(urls))
        {
            builder.WebHost.UseUrls(DefaultUrls);
        }

        if ((urls?.Contains("https://", StringComparison.OrdinalIgnoreCase) ?? false) || builder.Configuration.GetSection("Kestrel:Endpoints").Exists())
        {
            builder.WebHost.UseKestrelHttpsConfiguration();
        }

        return builder;
    }

    /// <summary>
    /// Runs until shutdown; a configuration error or a busy port prints one line per problem on stderr and returns 1, a
    /// damaged store prints one line saying what to do and returns 3.
    /// </summary>
    public static async Task<int> RunAsync(WebApplication app, TextWriter? error = null)
    {
        ArgumentNullException.ThrowIfNull(app);
        var writer = error ?? Console.Error;
        try
        {
            return await StartupGuard.RunAsync(async () =>
            {
                StartupPreflight.Check(app);

                // Open (and check) the store before the host starts, so a damaged one stops start-up with one line and
                // no host error log.
                _ = app.Services.GetService(typeof(LiteDB.LiteDatabase));
                await app.RunAsync();
                return 0;
            }, writer);
        }
        catch (Exception ex) when (Find<StoreDamagedException>(ex) is { } damaged)
        {
            await writer.WriteLineAsync(damaged.Advice);
            return 3;
        }
    }

    private static T? Find<T>(Exception exception)
        where T : Exception
    {
        for (Exception? e = exception; e is not null; e = e.InnerException)
        {
            if (e is T found)
            {
                return found;
            }

            if (e is AggregateException aggregate && aggregate.InnerExceptions.Select(Find<T>).FirstOrDefault(f => f is not null) is { } inner)
            {
                return inner;
            }
        }

        return null;
    }
}
