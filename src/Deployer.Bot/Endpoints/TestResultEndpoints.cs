using System.Security.Cryptography;
using System.Text;
using Deployer.Bot.Scheduling;
using Deployer.Bot.Store;
using Deployer.Core.Ports;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Deployer.Bot.Endpoints;

/// <summary>
/// <c>POST /api/test-results</c> (bearer <c>TestResults:Token</c>): CI reports a suite's result for a commit; the
/// engine reads it through <see cref="LiteDbTestResultStore"/> and a cycle is requested at once.
/// </summary>
public static class TestResultEndpoints
{
    public static IEndpointRouteBuilder MapTestResults(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/test-results", PostAsync);
        return app;
    }

    internal static async Task<Results<Ok<TestResult>, BadRequest<ErrorResponse>, UnauthorizedHttpResult>> PostAsync(
        HttpRequest http, TestResultRequest? body, IOptions<TestResultsOptions> options, ITestResultStore store,
        ICycleTrigger cycles, TimeProvider time, ILogger<TestResultRequest> logger, CancellationToken cancellationToken)
    {
        if (!Authorized(http.Headers.Authorization.ToString(), options.Value.Token))
        {
            return TypedResults.Unauthorized();
        }

        if (Validate(body) is { } problem)
        {
            return TypedResults.BadRequest(new ErrorResponse(problem));
        }

        var result = new TestResult(body!.Suite!.Trim(), body.Commit!.Trim(), Enum.Parse<TestRunStatus>(body.Status!, ignoreCase: true), body.CompletedAt, body.Url);
        await store.RecordAsync(body.Service, result, time.GetUtcNow(), cancellationToken);
        logger.LogInformation("Test result {Suite} {Status} for {Commit}", result.Suite, result.Status, result.Commit);
        try
        {
            await cycles.TriggerNowAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The result is stored; the next scheduled cycle reads it anyway.
            logger.LogWarning(ex, "Could not request a cycle after a test result");
        }

        return TypedResults.Ok(result);
    }

    private static bool Authorized(string header, string? token)
    {
        const string scheme = "Bearer ";
        if (string.IsNullOrEmpty(token) || !header.StartsWith(scheme, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        return CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(header[scheme.Length..].Trim()), Encoding.UTF8.GetBytes(token));
    }

    private static string? Validate(TestResultRequest? body)
    {
        if (body is null)
        {
            return "expected a JSON body {commit, suite, status, service?, completedAt?, url?}";
        }

        if (body.Commit?.Trim() is not { Length: >= 7 and <= 64 } commit || !commit.All(char.IsAsciiHexDigit))
        {
            return "commit must be a hex commit sha of at least 7 characters";
        }

        if (string.IsNullOrWhiteSpace(body.Suite))
        {
            return "suite is required";
        }

        if (body.Status is not { } status || !Enum.TryParse<TestRunStatus>(status, ignoreCase: true, out _) || char.IsAsciiDigit(status.FirstOrDefault()))
        {
            return $"status must be passed, failed or pending, not '{body.Status}'";
        }

        return null;
    }
}
