using System.Text;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Deployer.Bot.Dashboard;

/// <summary>
/// Renders the dashboard's Razor components to HTML with the framework's <see cref="HtmlRenderer"/>: static
/// server-side rendering with no Blazor endpoint machinery, created on the first page view so a bot nobody looks at
/// pays nothing for it at start-up or in memory.
/// </summary>
internal sealed class PageRenderer(IServiceProvider services, ILoggerFactory loggers) : IAsyncDisposable
{
    private readonly Lazy<HtmlRenderer> _renderer = new(() => new HtmlRenderer(services, loggers));

    public async Task<IResult> PageAsync<TComponent>(IDictionary<string, object?> parameters, int status = StatusCodes.Status200OK)
        where TComponent : IComponent
    {
        var renderer = _renderer.Value;
        var html = await renderer.Dispatcher.InvokeAsync(async () =>
        {
            var output = await renderer.RenderComponentAsync<TComponent>(ParameterView.FromDictionary(parameters));
            return output.ToHtmlString();
        });
        return Results.Content(html, "text/html; charset=utf-8", Encoding.UTF8, status);
    }

    public async ValueTask DisposeAsync()
    {
        if (_renderer.IsValueCreated)
        {
            await _renderer.Value.DisposeAsync();
        }
    }
}
