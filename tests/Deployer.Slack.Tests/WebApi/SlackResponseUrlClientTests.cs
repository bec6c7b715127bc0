using System.Text.Json;
using Deployer.Slack.BlockKit;
using Deployer.Slack.Inbound;
using Deployer.Slack.Tests.Fakes;
using Deployer.Slack.WebApi;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Deployer.Slack.Tests.WebApi;

public sealed class SlackResponseUrlClientTests : IAsyncLifetime
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2025, 1, 1, 12, 0, 0, TimeSpan.Zero));
    private FakeSlackServer _slack = null!;
    private ServiceProvider _services = null!;

    private ISlackResponseUrlClient Client => _services.GetRequiredService<ISlackResponseUrlClient>();

    private string ResponseUrl => new Uri(_slack.BaseUrl, "hooks/T1-397700885554").ToString();

    public async Task InitializeAsync()
    {
        _slack = await FakeSlackServer.StartAsync();
        _services = TestServices.Build(_slack, timeProvider: _time);
    }

    public async Task DisposeAsync()
    {
        await _services.DisposeAsync();
        await _slack.DisposeAsync();
    }

    [Fact]
    public async Task Posts_plain_json_without_a_token()
    {
        await Client.PostAsync(ResponseUrl, SlackMessageResponse.Replace(new SlackMessage("Promoted", [new SectionBlock("*done*")])));

        var request = await _slack.NextRequestAsync();
        Assert.Null(request.Authorization);
        Assert.Equal("application/json; charset=utf-8", request.ContentType);
        using var body = JsonDocument.Parse(request.Body);
        Assert.True(body.RootElement.GetProperty("replace_original").GetBoolean());
        Assert.Equal("Promoted", body.RootElement.GetProperty("text").GetString());
        Assert.Equal("section", body.RootElement.GetProperty("blocks")[0].GetProperty("type").GetString());
        Assert.False(body.RootElement.TryGetProperty("delete_original", out _));
    }

    [Fact]
    public async Task Sixth_use_is_refused_without_calling_slack()
    {
        for (var i = 0; i < 5; i++)
        {
            await Client.PostAsync(ResponseUrl, SlackMessageResponse.Ephemeral("update " + i));
        }

        var ex = await Assert.ThrowsAsync<SlackResponseUrlException>(() => Client.PostAsync(ResponseUrl, SlackMessageResponse.Ephemeral("sixth")));

        Assert.Equal(ResponseUrlRefusal.UsesExhausted, ex.Reason);
        Assert.Equal(5, _slack.Calls.Count);
    }

    [Fact]
    public async Task Use_after_thirty_minutes_is_refused()
    {
        await Client.PostAsync(ResponseUrl, SlackMessageResponse.Ephemeral("first"));
        _time.Advance(TimeSpan.FromMinutes(30));
        await Client.PostAsync(ResponseUrl, SlackMessageResponse.Ephemeral("exactly thirty minutes"));
        _time.Advance(TimeSpan.FromSeconds(1));

        var ex = await Assert.ThrowsAsync<SlackResponseUrlException>(() => Client.PostAsync(ResponseUrl, SlackMessageResponse.Ephemeral("late")));

        Assert.Equal(ResponseUrlRefusal.Expired, ex.Reason);
    }

    [Fact]
    public async Task Lifetime_counts_from_the_given_issue_time()
    {
        var issuedAt = _time.GetUtcNow() - TimeSpan.FromMinutes(31);

        var ex = await Assert.ThrowsAsync<SlackResponseUrlException>(() => Client.PostAsync(ResponseUrl, SlackMessageResponse.Ephemeral("late"), issuedAt));

        Assert.Equal(ResponseUrlRefusal.Expired, ex.Reason);
        Assert.Empty(_slack.Calls);
    }

    [Fact]
    public async Task Slack_reporting_the_url_expired_is_a_typed_refusal()
    {
        _slack.Enqueue("hooks/T1-397700885554", new FakeResponse(404, "expired_url"));

        var ex = await Assert.ThrowsAsync<SlackResponseUrlException>(() => Client.PostAsync(ResponseUrl, SlackMessageResponse.Ephemeral("x")));

        Assert.Equal(ResponseUrlRefusal.Expired, ex.Reason);
    }
}
