using Deployer.Bot.Store;
using Deployer.Bot.Tests.ChatOps.Fakes;
using Deployer.Bot.Tests.Scheduling;
using Deployer.Bot.Tests.Support;
using Xunit.Abstractions;

namespace Deployer.Bot.Tests.Notifications;

/// <summary>
/// The bot as a child process that dies (SIGKILL to itself, as kill -9) right after Slack accepted a post and
/// before the outbox recorded it. The restarted bot must not post it again: the attempt was recorded before the call,
/// so it searches the channel, finds the message by its outbox metadata and carries on with its ts.
/// </summary>
[Collection(HostKillCollection.Name)]
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class SlackPostCrashTests(ITestOutputHelper output) : IDisposable
{
    private const string Channel = "C0CRASH01";
    private const string Line = "crash staging→production c001000 BLOCKED";
    private readonly TempDir _dir = new();

    [Fact]
    public async Task A_crash_after_slack_accepted_a_post_does_not_post_it_again()
    {
        Prepare();
        await using var slack = await FakeSlackServer.StartAsync();
        await ChildBotRuns.CrashAtAsync(_dir.Path, Settings(slack), StoreFaults.SlackPosted, output);
        var posted = Assert.Single(slack.Messages);
        Assert.StartsWith(Line, posted.Text, StringComparison.Ordinal);

        var bot = await ChildBot.StartAsync(_dir.Path, Settings(slack));
        try
        {
            await Eventually.TrueAsync(() => slack.Calls.Any(c => c.Method == "conversations.history"), "the restarted bot searching the channel", TimeSpan.FromSeconds(60));
            // Outbox passes run every 200 ms: a few more must not post it either.
            await Task.Delay(TimeSpan.FromSeconds(2));
            Assert.Equal(0, await bot.StopAsync());
        }
        finally
        {
            output.WriteLine(bot.Output);
            await bot.DisposeAsync();
        }

        Assert.Equal(posted, Assert.Single(slack.Messages));
        Assert.Contains("Slack already has outbox item", bot.Output, StringComparison.Ordinal);
        using var db = DeployerDatabase.Open(_dir.File("data/deployer.db"));
        Assert.Equal(0, db.GetCollection("chatops_outbox").Count());
        Assert.Equal(posted.Ts, db.GetCollection("chatops_messages").FindAll().Single()["Ts"].AsString);
    }

    private void Prepare()
    {
        var world = _dir.File("world");
        Directory.CreateDirectory(world);
        _dir.Write("world/crash-staging.json", """{"version":1,"commit":"c0010000000ab","createdAt":"2026-01-01T00:00:00Z","status":"succeeded"}""");
        _dir.Write("world/crash-production.json", """{"version":0,"commit":"c0000000000ab","createdAt":"2026-01-01T00:00:00Z","status":"succeeded"}""");
        var current = _dir.Write("manifests/current.sh", $"#!/bin/sh\ncat \"{world}/$DEPLOYER_TARGET.json\"\n");
        File.SetUnixFileMode(current, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        // Release age can never be met: the pair stays blocked, one decision, one message.
        _dir.Write("manifests/crash.json", $$"""
            {
              "service": "crash",
              "platform": { "kind": "command", "current": "./current.sh", "promote": "./current.sh", "timeout": "30s" },
              "checks": { "releaseAge": { "min": "1000d" } },
              "slack": { "channel": "{{Channel}}" },
              "stages": [
                { "name": "staging", "targets": ["crash-staging"] },
                { "name": "production", "targets": ["crash-production"] }
              ]
            }
            """);
    }

    private static string[] Settings(FakeSlackServer slack) =>
    [
        "--Urls=http://127.0.0.1:0",
        "--Manifests:Path=manifests",
        "--Store:Path=data/deployer.db",
        "--Engine:Interval=00:00:00.200",
        "--ChatOps:OutboxInterval=00:00:00.200",
        "--Local:WorldFile=",
        "--Local:Simulator:Enabled=false",
        "--ChatOps:ReadConsole=false",
        "--Slack:Mode=Http",
        "--Slack:BotToken=xoxb-test",
        "--Slack:SigningSecret=crash-test-secret",
        $"--Slack:ApiBaseUrl={slack.ApiBaseUrl}",
        "--Slack:PostMessageInterval=00:00:00",
    ];

    public void Dispose() => _dir.Dispose();
}
