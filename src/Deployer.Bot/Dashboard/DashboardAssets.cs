using Microsoft.AspNetCore.Http;

namespace Deployer.Bot.Dashboard;

/// <summary>The stylesheet and the live-update script, embedded in the assembly (the bot works offline and from any folder).</summary>
internal static class DashboardAssets
{
    private static readonly Lazy<byte[]> Css = new(() => Read("dashboard.css"));
    private static readonly Lazy<byte[]> Script = new(() => Read("live.js"));

    public static IResult Stylesheet() => TypedResults.Bytes(Css.Value, "text/css; charset=utf-8");

    public static IResult LiveScript() => TypedResults.Bytes(Script.Value, "text/javascript; charset=utf-8");

    private static byte[] Read(string name)
    {
        using var stream = typeof(DashboardAssets).Assembly.GetManifestResourceStream($"Deployer.Bot.Dashboard.Assets.{name}")
            ?? throw new InvalidOperationException($"embedded dashboard asset {name} is missing from the build");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
