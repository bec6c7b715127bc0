using System.Globalization;
using Deployer.Core.Ports;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace Deployer.Bot.Endpoints;

/// <summary><c>GET /api/audit?service=S&amp;limit=N</c>: the audit log, newest first.</summary>
public static class AuditEndpoints
{
    public const int DefaultLimit = 50;
    public const int MaxLimit = 1000;

    public static IEndpointRouteBuilder MapAudit(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/audit", GetAsync);
        return app;
    }

    // Both parameters arrive as text so a bad one gets a message instead of the framework's bare 400.
    internal static async Task<Results<Ok<List<AuditEntryResponse>>, BadRequest<ErrorResponse>>> GetAsync(
        string? service, string? limit, IAuditLog audit, CancellationToken cancellationToken)
    {
        var count = DefaultLimit;
        if (limit is not null && (!int.TryParse(limit, NumberStyles.None, CultureInfo.InvariantCulture, out count) || count is < 1 or > MaxLimit))
        {
            return TypedResults.BadRequest(new ErrorResponse($"limit must be a whole number from 1 to {MaxLimit}, not '{limit}'"));
        }

        if (service is not null && string.IsNullOrWhiteSpace(service))
        {
            return TypedResults.BadRequest(new ErrorResponse("service must not be empty; leave it out for every service"));
        }

        var entries = await audit.QueryAsync(service?.Trim(), count, cancellationToken);
        return TypedResults.Ok(entries
            .Select(e => new AuditEntryResponse(e.Id, e.At, e.Service, Core.Audit.AuditKindNames.Of(e.Kind), e.Actor, e.Summary, e.Pair, e.Commit, e.Data))
            .ToList());
    }
}
