using System.Text;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Deployer.Bot.Dashboard;

/// <summary>
/// Renders the dashboard's Razor components to HTML with the framework's <see cref="HtmlRenderer"/>: static
/// server-side rendering with no Blazor endpoint machinery, so a bot nobody looks at pays nothing for it at start-up.
/// </summary>
/// <remarks>
/// One renderer per page: a renderer keeps every component it rendered until it is disposed (a shared one grew the
/// bot by about 180 MB over a few hundred pages in the dashboard benchmark).
/// </remarks>
internal sealed class PageRenderer(IServiceProvider services, ILoggerFactory loggers)
{
    public async Task<IResult> PageAsync<TComponent>(IDictionary<string, object?> parameters, int status = StatusCodes.Status200OK)
        where TComponent : IComponent
    {
        await using var renderer = new HtmlRenderer(services, loggers);
        var html = await renderer.Dispatcher.InvokeAsync(async () =>
        {
            var output = await renderer.RenderComponentAsync<TComponent>(ParameterView.FromDictionary(parameters));
            return output.ToHtmlString();
        });
        return Results.Content(html, "text/html; charset=utf-8", Encoding.UTF8, status);
    }
}
