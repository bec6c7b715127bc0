using Deployer.Bot.ChatOps;
using Deployer.Bot.Tests.ChatOps.Fakes;
using Deployer.Core.Commands;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Deployer.Bot.Tests.ChatOps;

/// <summary>Duration settings take the manifest form (<c>30m</c>) as well as the TimeSpan form (<c>00:30:00</c>).</summary>
public sealed class DurationSettingsTests
{
    [Fact]
    public async Task Durations_in_the_manifest_form_are_accepted()
    {
        await using var slack = await FakeSlackServer.StartAsync();
        await using var bot = await ChatOpsBot.StartAsync(slack, ChatMode.Console, settings: new Dictionary<string, string?>
        {
            ["Authorization:ApprovalTimeout"] = "45m",
            ["ChatOps:OutboxInterval"] = "1m30s",
            ["ChatOps:GroupCacheDuration"] = "2h",
            ["ChatOps:ApprovalExpiryInterval"] = "10s",
        });

        var chatOps = bot.Services.GetRequiredService<IOptions<ChatOpsOptions>>().Value;
        Assert.Equal(TimeSpan.FromMinutes(45), bot.Services.GetRequiredService<IOptions<AuthorizationOptions>>().Value.ApprovalTimeout);
        Assert.Equal(TimeSpan.FromSeconds(90), chatOps.OutboxInterval);
        Assert.Equal(TimeSpan.FromHours(2), chatOps.GroupCacheDuration);
        Assert.Equal(TimeSpan.FromSeconds(10), chatOps.ApprovalExpiryInterval);
        Assert.False(chatOps.ReadConsole);
    }

    [Fact]
    public async Task Durations_in_the_timespan_form_still_work()
    {
        await using var slack = await FakeSlackServer.StartAsync();
        await using var bot = await ChatOpsBot.StartAsync(slack, ChatMode.Console, settings: new Dictionary<string, string?>
        {
            ["Authorization:ApprovalTimeout"] = "01:15:00",
            ["ChatOps:GroupCacheDuration"] = "00:00:00.500",
        });

        Assert.Equal(TimeSpan.FromMinutes(75), bot.Services.GetRequiredService<IOptions<AuthorizationOptions>>().Value.ApprovalTimeout);
        Assert.Equal(TimeSpan.FromMilliseconds(500), bot.Services.GetRequiredService<IOptions<ChatOpsOptions>>().Value.GroupCacheDuration);
        Assert.Equal(TimeSpan.FromMilliseconds(50), bot.Services.GetRequiredService<IOptions<ChatOpsOptions>>().Value.OutboxInterval);
    }

    [Theory]
    [InlineData("Authorization:ApprovalTimeout", "half an hour")]
    [InlineData("ChatOps:OutboxInterval", "30 minutes")]
    [InlineData("ChatOps:GroupCacheDuration", "5x")]
    public async Task A_value_in_neither_form_stops_start_up_naming_the_key(string key, string value)
    {
        await using var slack = await FakeSlackServer.StartAsync();

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() =>
            ChatOpsBot.StartAsync(slack, ChatMode.Console, settings: new Dictionary<string, string?> { [key] = value }));

        Assert.Contains($"{key} is '{value}', which is not a duration like 90s, 30m, 1h30m or a TimeSpan like 00:30:00", error.Message);
    }

    [Fact]
    public async Task A_manifest_form_value_out_of_range_is_still_refused()
    {
        await using var slack = await FakeSlackServer.StartAsync();

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() =>
            ChatOpsBot.StartAsync(slack, ChatMode.Console, settings: new Dictionary<string, string?> { ["Authorization:ApprovalTimeout"] = "8d" }));

        Assert.Contains("Authorization:ApprovalTimeout must be between 1 minute and 7 days", error.Message);
    }
}
