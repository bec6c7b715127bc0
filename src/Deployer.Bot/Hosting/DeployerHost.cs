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
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = args, ContentRootPath = contentRoot ?? ContentRoot.Find() });
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

    /// <summary>Runs until shutdown; a configuration error or a busy port prints one line per problem on stderr and returns 1.</summary>
    public static Task<int> RunAsync(WebApplication app, TextWriter? error = null)
    {
        ArgumentNullException.ThrowIfNull(app);
        return StartupGuard.RunAsync(async () =>
        {
            StartupPreflight.Check(app);
            await app.RunAsync();
            return 0;
        }, error ?? Console.Error);
    }
}
