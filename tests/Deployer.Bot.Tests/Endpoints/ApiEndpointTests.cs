using System.Net;
using System.Net.Http.Json;
using Deployer.Bot.Store;
using Deployer.Bot.Tests.Support;
using Deployer.Core.Audit;
using Deployer.Core.Manifests;
using Deployer.Core.Ports;
using Microsoft.Extensions.DependencyInjection;

namespace Deployer.Bot.Tests.Endpoints;

public sealed class ApiEndpointTests : IAsyncLifetime
{
    private readonly TempDir _dir = new();
    private TestBot _bot = null!;

    public async Task InitializeAsync() => _bot = await TestBot.StartAsync(_dir, new Dictionary<string, string?> { ["Engine:Interval"] = "01:00:00" });

    [Theory]
    [InlineData("limit=0")]
    [InlineData("limit=1001")]
    [InlineData("limit=abc")]
    [InlineData("limit=-5")]
    [InlineData("service=%20")]
    public async Task Audit_rejects_bad_parameters_with_a_message(string query)
    {
        using var response = await _bot.Http.GetAsync($"/api/audit?{query}");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<Dictionary<string, string>>();
        Assert.False(string.IsNullOrWhiteSpace(body!["error"]));
    }

    [Fact]
    public async Task Audit_returns_newest_first_up_to_the_limit()
    {
        var log = _bot.Services.GetRequiredService<IAuditLog>();
        for (var i = 0; i < 60; i++)
        {
            await log.AppendAsync(new AuditEntry { At = DateTimeOffset.UnixEpoch, Service = "other", Kind = AuditKind.Command, Actor = "local", Summary = $"cmd {i}" }, default);
        }

        var fifty = await ApiJson.GetAsync(_bot.Http, "/api/audit?service=other");
        Assert.Equal(50, fifty.GetArrayLength());
        Assert.Equal("cmd 59", fifty[0].Str("summary"));
        Assert.Equal(2, (await ApiJson.GetAsync(_bot.Http, "/api/audit?service=other&limit=2")).GetArrayLength());
    }

    [Fact]
    public async Task Test_results_need_the_bearer_token()
    {
        var body = new { commit = "9f1c2ab4f00d", suite = "direwolf", status = "passed" };
        using var none = await _bot.Http.PostAsJsonAsync("/api/test-results", body);
        Assert.Equal(HttpStatusCode.Unauthorized, none.StatusCode);
        using var wrong = new HttpRequestMessage(HttpMethod.Post, "/api/test-results") { Content = JsonContent.Create(body) };
        wrong.Headers.Authorization = new("Bearer", "not-the-token");
        using var wrongResponse = await _bot.Http.SendAsync(wrong);
        Assert.Equal(HttpStatusCode.Unauthorized, wrongResponse.StatusCode);
    }

    [Fact]
    public async Task Test_results_are_recorded_and_served_to_the_engine()
    {
        using var ok = await PostAsync(new { service = "demo", commit = "9f1c2ab4f00d", suite = "direwolf", status = "failed", completedAt = "2026-11-26T12:00:00Z", url = "https://ci/9" });
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);

        var tests = _bot.Services.GetServices<ITestResults>().OfType<LiteDbTestResultStore>().Single();
        var manifest = _bot.Services.GetRequiredService<IManifestCatalog>().Find("demo")!;
        var result = await tests.GetAsync(manifest, "9f1c2ab4f00d", "direwolf", default);
        Assert.Equal(TestRunStatus.Failed, result?.Status);
        Assert.Equal("https://ci/9", result?.Url);
    }

    [Theory]
    [InlineData("""{ "commit": "xyz", "suite": "s", "status": "passed" }""")]
    [InlineData("""{ "commit": "9f1c2ab", "suite": "", "status": "passed" }""")]
    [InlineData("""{ "commit": "9f1c2ab", "suite": "s", "status": "green" }""")]
    [InlineData("""{ "commit": "9f1c2ab", "suite": "s", "status": "1" }""")]
    public async Task Test_results_reject_a_bad_body(string json)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/test-results") { Content = new StringContent(json, System.Text.Encoding.UTF8, "application/json") };
        request.Headers.Authorization = new("Bearer", "secret-token");
        using var response = await _bot.Http.SendAsync(request);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task Pipelines_of_an_unknown_service_is_404()
    {
        using var response = await _bot.Http.GetAsync("/api/pipelines?service=nope");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    private Task<HttpResponseMessage> PostAsync(object body)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/test-results") { Content = JsonContent.Create(body) };
        request.Headers.Authorization = new("Bearer", "secret-token");
        return _bot.Http.SendAsync(request);
    }

    public async Task DisposeAsync()
    {
        await _bot.DisposeAsync();
        _dir.Dispose();
    }
}
