using Deployer.Bot.Scheduling;
using Deployer.Integrations.Heroku;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Deployer.Bot.Endpoints;

/// <summary>
/// <c>POST /heroku/webhooks</c> (<c>Heroku:WebhookPath</c>): Heroku app webhook deliveries for <c>api:release</c>.
/// A verified delivery for a target of a known pipeline marks that pipeline dirty and is answered at once (202);
/// the pipeline is evaluated alone right after. Unsigned or badly signed deliveries are refused (401) and logged.
/// Mapped only when the Heroku integration is configured.
/// </summary>
public static class HerokuWebhookEndpoints
{
    /// <summary>Release deliveries are a few KB; anything far larger is not one.</summary>
    public const int MaxBodyBytes = 256 * 1024;

    public static IEndpointRouteBuilder MapHerokuWebhooks(this IEndpointRouteBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        if (app.ServiceProvider.GetService<HerokuWebhookReceiver>() is null)
        {
            return app;
        }

        var path = app.ServiceProvider.GetRequiredService<IOptions<HerokuOptions>>().Value.WebhookPath;
        app.MapPost(path, PostAsync);
        return app;
    }

    internal static async Task<Results<Accepted, Ok<ErrorResponse>, BadRequest<ErrorResponse>, UnauthorizedHttpResult, StatusCodeHttpResult>> PostAsync(
        HttpRequest http, HerokuWebhookReceiver receiver, DirtyPipelines dirty, ILogger<HerokuWebhookReceiver> logger, CancellationToken cancellationToken)
    {
        var body = await ReadBodyAsync(http, cancellationToken);
        if (body is null)
        {
            logger.LogWarning("Heroku webhook refused from {Remote}: body over {Limit} bytes", http.HttpContext.Connection.RemoteIpAddress, MaxBodyBytes);
            return TypedResults.StatusCode(StatusCodes.Status413PayloadTooLarge);
        }

        var outcome = receiver.Receive(body, http.Headers[HerokuWebhookReceiver.SignatureHeader].ToString());
        switch (outcome.Verdict)
        {
            case HerokuWebhookVerdict.Refused:
                logger.LogWarning("Heroku webhook refused from {Remote}: {Reason}", http.HttpContext.Connection.RemoteIpAddress, outcome.Reason);
                return TypedResults.Unauthorized();
            case HerokuWebhookVerdict.Malformed:
                logger.LogWarning("Heroku webhook malformed: {Reason}", outcome.Reason);
                return TypedResults.BadRequest(new ErrorResponse(outcome.Reason));
            case HerokuWebhookVerdict.Ignored:
                // 2xx: Heroku must not retry a delivery we chose to ignore.
                logger.LogDebug("Heroku webhook ignored: {Reason}", outcome.Reason);
                return TypedResults.Ok(new ErrorResponse(outcome.Reason));
            default:
                foreach (var (service, release) in outcome.Announced)
                {
                    logger.LogInformation("Heroku says {Target} of {Service} has a new {Release}: evaluating {Service} now", release.Target, service, outcome.Reason, service);
                    dirty.Mark(service, release);
                }

                return TypedResults.Accepted((string?)null);
        }
    }

    /// <summary>The raw body (the signature covers its exact bytes), or null when it is over <see cref="MaxBodyBytes"/>.</summary>
    private static async Task<byte[]?> ReadBodyAsync(HttpRequest http, CancellationToken cancellationToken)
    {
        if (http.ContentLength > MaxBodyBytes)
        {
            return null;
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await http.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > MaxBodyBytes)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }
}
