using System.Collections.Concurrent;
using Deployer.Bot.ChatOps;
using Deployer.Bot.Slack;
using Deployer.Core.Commands;
using Deployer.Core.Manifests;
using Deployer.Slack.WebApi;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using NSubstitute;
using NSubstitute.ExceptionExtensions;

namespace Deployer.Bot.Tests.Slack;

/// <summary>User groups written as ids or handles, resolved the way <see cref="AuthorizationPolicy"/> asks (the <c>@</c> already stripped).</summary>
public sealed class SlackUserGroupResolverTests
{
    private const string ReleaseManagersId = "S0RELMGR01";
    private readonly ISlackApiClient _slack = Substitute.For<ISlackApiClient>();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2025, 3, 1, 12, 0, 0, TimeSpan.Zero));
    private readonly CapturingLogger _logger = new();
    private readonly SlackUserGroupResolver _resolver;
    private readonly AuthorizationPolicy _policy;

    public SlackUserGroupResolverTests()
    {
        var options = Options.Create(new ChatOpsOptions { GroupCacheDuration = TimeSpan.FromMinutes(5) });
        _resolver = new SlackUserGroupResolver(_slack, options, _time, _logger);
        _policy = new AuthorizationPolicy(new AuthorizationOptions(), _resolver, Substitute.For<IManifestCatalog>());
        _slack.ListUserGroupsAsync(Arg.Any<CancellationToken>()).Returns(Task.FromResult<IReadOnlyList<SlackUserGroup>>(
        [
            new("S0ADMINS01", "admins", "Team Admins"),
            new(ReleaseManagersId, "release-managers", "Release Managers"),
            new("S0SRE00001", "sre", "Site Reliability"),
        ]));
        Members(ReleaseManagersId, "UALICE0001", "UBOB000002");
        Members("S0ADMINS01", "UADMIN0001");
        Members("S0SRE00001", "USRE000001");
    }

    [Theory]
    [InlineData("@release-managers")]
    [InlineData("@Release-Managers")]
    public async Task Handle_resolves_through_usergroups_list_and_grants_its_members(string entry)
    {
        Assert.True(await _policy.IsListedAsync("UALICE0001", [entry], CancellationToken.None));
        Assert.False(await _policy.IsListedAsync("UMALLORY01", [entry], CancellationToken.None));

        await _slack.Received().GetUserGroupMembersAsync(ReleaseManagersId, Arg.Any<CancellationToken>());
    }

    [Fact]
    public async Task Unknown_handle_denies_and_warns_naming_the_handle()
    {
        Assert.False(await _policy.IsListedAsync("UALICE0001", ["@release-managerz"], CancellationToken.None));

        var warning = Assert.Single(_logger.Entries, e => e.Level == LogLevel.Warning);
        Assert.Contains("@release-managerz", warning.Message, StringComparison.Ordinal);
        await _slack.DidNotReceiveWithAnyArgs().GetUserGroupMembersAsync(default!, default);
    }

    [Fact]
    public async Task Handles_are_looked_up_with_one_usergroups_list_call_while_cached()
    {
        Assert.True(await _policy.IsListedAsync("UALICE0001", ["@release-managers"], CancellationToken.None));
        Assert.True(await _policy.IsListedAsync("UADMIN0001", ["@admins"], CancellationToken.None));
        Assert.True(await _policy.IsListedAsync("UBOB000002", ["@release-managers"], CancellationToken.None));

        await _slack.Received(1).ListUserGroupsAsync(Arg.Any<CancellationToken>());
        await _slack.Received(1).GetUserGroupMembersAsync(ReleaseManagersId, Arg.Any<CancellationToken>());
    }

    [Fact]
    public async Task Handles_are_looked_up_again_after_the_cache_duration()
    {
        await _resolver.GetMembersAsync("release-managers", CancellationToken.None);
        _time.Advance(TimeSpan.FromMinutes(5));
        await _resolver.GetMembersAsync("release-managers", CancellationToken.None);

        await _slack.Received(2).ListUserGroupsAsync(Arg.Any<CancellationToken>());
        await _slack.Received(2).GetUserGroupMembersAsync(ReleaseManagersId, Arg.Any<CancellationToken>());
    }

    [Fact]
    public async Task Id_is_used_as_is_without_calling_usergroups_list()
    {
        Assert.True(await _policy.IsListedAsync("UBOB000002", ["@" + ReleaseManagersId], CancellationToken.None));

        await _slack.DidNotReceive().ListUserGroupsAsync(Arg.Any<CancellationToken>());
    }

    [Fact]
    public async Task Handle_written_in_capitals_like_an_id_is_retried_as_a_handle()
    {
        _slack.GetUserGroupMembersAsync("SRE", Arg.Any<CancellationToken>()).Throws(new SlackApiException("usergroups.users.list", "no_such_subteam"));

        Assert.True(await _policy.IsListedAsync("USRE000001", ["@SRE"], CancellationToken.None));
    }

    [Fact]
    public async Task Unknown_id_still_fails_and_grants_nothing()
    {
        _slack.GetUserGroupMembersAsync("S0GONE0001", Arg.Any<CancellationToken>()).Throws(new SlackApiException("usergroups.users.list", "no_such_subteam"));

        var ex = await Assert.ThrowsAsync<SlackApiException>(async () => await _resolver.GetMembersAsync("S0GONE0001", CancellationToken.None));
        Assert.Equal("no_such_subteam", ex.Error);
        Assert.False(await _policy.IsListedAsync("UALICE0001", ["@S0GONE0001"], CancellationToken.None));
    }

    private void Members(string id, params string[] users) =>
        _slack.GetUserGroupMembersAsync(id, Arg.Any<CancellationToken>()).Returns(Task.FromResult<IReadOnlyList<string>>(users));

    [Fact]
    public async Task On_a_free_workspace_a_group_grants_nothing_and_the_log_says_why()
    {
        _slack.ListUserGroupsAsync(Arg.Any<CancellationToken>()).Throws(new SlackApiException("usergroups.list", "plan_upgrade_required"));

        var members = await _resolver.GetMembersAsync("release-managers", CancellationToken.None);

        Assert.Empty(members);
        var (level, message) = Assert.Single(_logger.Entries);
        Assert.Equal(LogLevel.Error, level);
        Assert.Contains("@release-managers in Authorization grants nothing", message, StringComparison.Ordinal);
        Assert.Contains("user groups need a paid Slack plan", message, StringComparison.Ordinal);
    }

    private sealed class CapturingLogger : ILogger<SlackUserGroupResolver>
    {
        public ConcurrentQueue<(LogLevel Level, string Message)> Entries { get; } = new();

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            Entries.Enqueue((logLevel, formatter(state, exception)));
    }
}
