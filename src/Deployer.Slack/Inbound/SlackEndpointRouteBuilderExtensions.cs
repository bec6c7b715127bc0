using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Deployer.Slack.Inbound;

/// <summary>Maps Slack's three HTTP delivery routes onto <see cref="SlackInbound"/>.</summary>
public static class SlackEndpointRouteBuilderExtensions
{
    /// <summary>Maps POST <c>{prefix}/commands</c>, <c>{prefix}/interactions</c> and <c>{prefix}/events</c>.</summary>
    public static RouteGroupBuilder MapSlackInbound(this IEndpointRouteBuilder endpoints, string prefix = "/slack")
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var group = endpoints.MapGroup(prefix);
        group.MapPost("/commands", (Func<HttpContext, Task<IResult>>)(context => Inbound(context).HandleCommandAsync(context)));
        group.MapPost("/interactions", (Func<HttpContext, Task<IResult>>)(context => Inbound(context).HandleInteractionAsync(context)));
        group.MapPost("/events", (Func<HttpContext, Task<IResult>>)(context => Inbound(context).HandleEventAsync(context)));
        return group;
    }

    private static SlackInbound Inbound(HttpContext context) => context.RequestServices.GetRequiredService<SlackInbound>();
}
