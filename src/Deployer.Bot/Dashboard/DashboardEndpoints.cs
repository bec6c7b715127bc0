using System.Text.Encodings.Web;
using Deployer.Bot.Dashboard.Components;
using Deployer.Bot.Dashboard.Live;
using Deployer.Bot.Dashboard.Views;
using Deployer.Core.Manifests;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Deployer.Bot.Dashboard;

/// <summary>
/// The read-only web pages: <c>/</c> (the board), <c>/pipelines/{service}</c>, their live fragments and
/// <c>/events</c> (server-sent events), behind the optional <c>Dashboard:Token</c>.
/// </summary>
public static class DashboardEndpoints
{
    public static IEndpointRouteBuilder MapDashboard(this IEndpointRouteBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var broadcaster = app.ServiceProvider.GetRequiredService<ChangeBroadcaster>();
        // Open event streams end when the host stops, so they never hold up shutdown.
        app.ServiceProvider.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping.Register(broadcaster.CompleteAll);

        app.MapGet("/dashboard/dashboard.css", DashboardAssets.Stylesheet).ExcludeFromDescription();
        app.MapGet("/dashboard/live.js", DashboardAssets.LiveScript).ExcludeFromDescription();

        var pages = app.MapGroup("").AddEndpointFilter<DashboardAccess>().ExcludeFromDescription();
        pages.MapGet("/", BoardAsync);
        pages.MapGet("/pipelines/{service}", ServiceAsync);
        pages.MapGet("/pipelines/{service}/live", ServiceLiveAsync);
        pages.MapGet("/dashboard/rows/{service}", RowAsync);
        pages.MapGet("/events", (string? service, ChangeBroadcaster changes, TimeProvider time, HttpContext http) =>
            TypedResults.ServerSentEvents(EventStream.ReadAsync(changes.Subscribe(), string.IsNullOrWhiteSpace(service) ? null : service, time, http.RequestAborted)));
        return app;
    }

    internal static async Task<IResult> BoardAsync(string? q, string? notInSync, string? page, DashboardData data, PageRenderer pages, CancellationToken cancellationToken)
    {
        var query = new BoardQuery(
            string.IsNullOrWhiteSpace(q) ? null : q.Trim(),
            notInSync is "1" or "true" or "on",
            int.TryParse(page, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n) && n > 0 ? n : 1);
        var model = await data.BoardAsync(query, cancellationToken);
        return await pages.PageAsync<BoardView>(new Dictionary<string, object?> { ["Model"] = model });
    }

    internal static async Task<IResult> ServiceAsync(string service, DashboardData data, PageRenderer pages, IManifestCatalog catalog, CancellationToken cancellationToken) =>
        await data.ServiceAsync(service, cancellationToken) is { } model
            ? await pages.PageAsync<ServiceView>(new Dictionary<string, object?> { ["Model"] = model })
            : NotFound(service, catalog);

    internal static async Task<IResult> ServiceLiveAsync(string service, DashboardData data, PageRenderer pages, IManifestCatalog catalog, CancellationToken cancellationToken) =>
        await data.ServiceAsync(service, cancellationToken) is { } model
            ? await pages.PageAsync<ServiceMain>(new Dictionary<string, object?> { ["Model"] = model })
            : NotFound(service, catalog);

    internal static async Task<IResult> RowAsync(
        string service, DashboardData data, PageRenderer pages, IManifestCatalog catalog, TimeProvider time, CancellationToken cancellationToken) =>
        await data.RowAsync(service, cancellationToken) is { } row
            ? await pages.PageAsync<RowView>(new Dictionary<string, object?> { ["Row"] = row, ["Columns"] = data.MaxStages, ["Now"] = time.GetUtcNow() })
            : NotFound(service, catalog);

    private static IResult NotFound(string service, IManifestCatalog catalog)
    {
        var known = string.Join(", ", catalog.All.Take(20).Select(m => m.Service));
        var html = $"<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Not found · Deployer</title><link rel=\"stylesheet\" href=\"/dashboard/dashboard.css\"></head>" +
            $"<body><main><h1>No pipeline '{HtmlEncoder.Default.Encode(service)}'</h1><p>Known: {HtmlEncoder.Default.Encode(known)}. <a href=\"/\">All pipelines</a></p></main></body></html>";
        return Results.Content(html, "text/html; charset=utf-8", System.Text.Encoding.UTF8, StatusCodes.Status404NotFound);
    }
}
