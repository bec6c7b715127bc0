using Deployer.Core.Ports;
using Deployer.Core.Verification;
using Microsoft.Extensions.DependencyInjection;
using System.Net;
using Deployer.Bot.Tests.Support;

namespace Deployer.Bot.Tests.Dashboard;

/// <summary>The pages over plain HTTP: odd input gets a page or a 404, never a 5xx; names are escaped.</summary>
public sealed class DashboardHttpTests : IAsyncLifetime
{
    private DashboardBot _bot = null!;

    public async Task InitializeAsync() => _bot = await DashboardBot.StartAsync();

    public async Task DisposeAsync() => await _bot.DisposeAsync();

    [Theory]
    [InlineData("/?page=abc")]
    [InlineData("/?page=-3")]
    [InlineData("/?page=99999999999999")]
    [InlineData("/?page=500")]
    [InlineData("/?q=%3Cscript%3Ealert(1)%3C%2Fscript%3E&notInSync=maybe")]
    [InlineData("/?q=%00%FF")]
    public async Task Odd_board_queries_still_render_the_board(string path)
    {
        using var response = await _bot.Bot.Http.GetAsync(path);
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("<h1>Deployer pipelines</h1>", html);
        Assert.DoesNotContain("<script>alert", html);
    }

    [Theory]
    [InlineData("/pipelines/%3Cscript%3Ealert(1)%3C%2Fscript%3E")]
    [InlineData("/pipelines/nope/live")]
    [InlineData("/dashboard/rows/nope")]
    public async Task An_unknown_pipeline_is_a_404_that_names_it_escaped(string path)
    {
        using var response = await _bot.Bot.Http.GetAsync(path);
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.DoesNotContain("<script>alert", html);
        Assert.Contains("router", html);
    }

    [Fact]
    public async Task A_row_fragment_is_one_table_row_with_the_board_s_columns()
    {
        var board = await _bot.Bot.Http.GetStringAsync("/");
        var row = await _bot.Bot.Http.GetStringAsync("/dashboard/rows/router");

        Assert.StartsWith("<tr id=\"row-router\"", row.Trim(), StringComparison.Ordinal);
        Assert.Contains(row.Trim()[..40], board, StringComparison.Ordinal);
        // checkout has three stages, so every row has three stage cells and two pair cells.
        Assert.Equal(3, CountOf(row, "<td class=\"stage"));
        Assert.Equal(2, CountOf(row, "<td class=\"pair\""));
    }

    [Fact]
    public async Task A_service_page_shows_each_stage_s_verification_and_the_commits_rejected_there()
    {
        var html = await _bot.Bot.Http.GetStringAsync("/pipelines/billing");
        Assert.Contains("Verification after promotion", html, StringComparison.Ordinal);
        Assert.Contains("No stage has been verified yet", html, StringComparison.Ordinal);

        var now = _bot.Services.GetRequiredService<TimeProvider>().GetUtcNow();
        var store = _bot.Services.GetRequiredService<IVerificationStore>();
        await store.SaveAsync(new StageVerification
        {
            Service = "billing",
            From = "staging",
            Stage = "production",
            Commit = "4f2a1c0d9e8b7a6f",
            IntentId = "intent-1",
            State = VerificationState.Failed,
            StartedAt = now.AddMinutes(-3),
            For = TimeSpan.FromMinutes(2),
            EndedAt = now.AddMinutes(-1),
            Reason = "alerts: billing API is up: <firing>",
            HoldPlaced = true,
            Rejected = [new RejectedCommit("4f2a1c0d9e8b7a6f", "alert billing API is up: firing", now.AddMinutes(-1))],
        }, null, default);

        html = await _bot.Bot.Http.GetStringAsync("/pipelines/billing");
        Assert.DoesNotContain("No stage has been verified yet", html, StringComparison.Ordinal);
        Assert.Contains("data-stage=\"production\" data-state=\"Failed\"", html, StringComparison.Ordinal);
        Assert.Contains("failed: held", html, StringComparison.Ordinal);
        Assert.Contains("<code>4f2a1c0</code> alert billing API is up: firing", html, StringComparison.Ordinal);
        Assert.Contains("billing API is up: &lt;firing&gt;", html, StringComparison.Ordinal);
    }

    private static int CountOf(string text, string part) => (text.Length - text.Replace(part, "", StringComparison.Ordinal).Length) / part.Length;
}
