using Deployer.Bot.Notifications.Console;
using Deployer.Bot.ChatOps;
using Deployer.Bot.ChatOps.Console;
using Deployer.Bot.Tests.ChatOps.Fakes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Deployer.Bot.Tests.ChatOps;

public sealed class ConsoleModeTests
{
    [Fact]
    public async Task Commands_typed_on_standard_input_run_with_every_role_and_end_of_input_is_fine()
    {
        await using var slack = await FakeSlackServer.StartAsync();
        var output = new SignalingWriter();
        var input = new StringReader("help\nstatus router\n/deployer hold router production for 1h trying it out\nforce router production local test\nwhoami\n");
        await using var bot = await ChatOpsBot.StartAsync(slack, ChatMode.Console, services =>
        {
            services.AddSingleton<IConsoleOutput>(new TextWriterConsoleOutput(output));
            services.AddSingleton(new ConsoleInput(input));
        }, new Dictionary<string, string?> { ["ChatOps:ReadConsole"] = "true", ["Slack:BotToken"] = "", ["Slack:AppToken"] = "" });

        await output.WaitForAsync("You are the console user local");

        var text = output.ToString();
        // Console help shows verbs as typed here: no slash command, no Slack markup.
        Assert.Contains("hold <service> <stage|all> [for <duration>] <reason…>: stop promotions", text);
        Assert.DoesNotContain("/deployer", text);
        Assert.DoesNotContain("`", text);
        Assert.DoesNotContain("_(", text);
        // Printed once: the reply, not a second copy as a channel announcement on the same console.
        Assert.Single(text.Split('\n'), l => l.Contains("✋ local held router production", StringComparison.Ordinal));
        Assert.Contains("Force-promote request", text);
        Assert.Empty(slack.Calls);
    }

    [Fact]
    public async Task Console_users_are_distinct_people_the_requester_cannot_approve_but_as_bob_can()
    {
        await using var slack = await FakeSlackServer.StartAsync();
        var output = new SignalingWriter();
        using var input = new LineFeed();
        await using var bot = await ChatOpsBot.StartAsync(slack, ChatMode.Console, services =>
        {
            services.AddSingleton<IConsoleOutput>(new TextWriterConsoleOutput(output));
            services.AddSingleton(new ConsoleInput(input));
        }, new Dictionary<string, string?> { ["ChatOps:ReadConsole"] = "true", ["Slack:BotToken"] = "", ["Slack:AppToken"] = "" });
        await bot.RunCycleAsync();

        input.Send("force router production demo");
        await output.WaitForAsync("needs 1 approval(s) from an Approver other than you");
        var id = System.Text.RegularExpressions.Regex.Match(output.ToString(), @"Force-promote (\w+) of router").Groups[1].Value;
        input.Send($"approve {id}");
        await output.WaitForAsync("you may not approve your own force-promote request");
        input.Send($"as bob approve {id}");
        await output.WaitForAsync("promoted");

        Assert.Equal(ChatOpsBot.NewCommit, bot.Platform.Current("router-prod")!.Commit);
        Assert.DoesNotContain("local-approver", output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Break_glass_says_no_approval_was_needed_and_never_approved()
    {
        await using var slack = await FakeSlackServer.StartAsync();
        var output = new SignalingWriter();
        using var input = new LineFeed();
        await using var bot = await ChatOpsBot.StartAsync(slack, ChatMode.Console, services =>
        {
            services.AddSingleton<IConsoleOutput>(new TextWriterConsoleOutput(output));
            services.AddSingleton(new ConsoleInput(input));
        }, new Dictionary<string, string?> { ["ChatOps:ReadConsole"] = "true", ["Slack:BotToken"] = "", ["Slack:AppToken"] = "" });
        bot.Incidents.Open.Enqueue(new Deployer.Core.Ports.Incident("Q1", "PD-ROUTER", "triggered", "5xx spike"));
        await bot.RunCycleAsync();

        input.Send("force router production hotfix");
        await output.WaitForAsync("no approval needed: break-glass during incident Q1");

        Assert.DoesNotContain("Approved: promoting now", output.ToString(), StringComparison.Ordinal);
        Assert.Contains("No approval needed: break-glass during incident Q1", output.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("as bob approve k3f9q2", "bob", "approve k3f9q2")]
    [InlineData("/deployer status router", "local", "status router")]
    [InlineData("as alice /deployer whoami", "alice", "whoami")]
    [InlineData("  status  ", "local", "status")]
    public void A_console_line_names_its_user_with_as(string line, string user, string command)
    {
        var (caller, text) = ConsoleCommandReader.Identify(line);

        Assert.Equal((user, true, command), (caller.UserId, caller.IsLocal, text));
    }

    [Fact]
    public async Task Missing_tokens_stop_start_up_naming_the_key()
    {
        await using var slack = await FakeSlackServer.StartAsync();

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() =>
            ChatOpsBot.StartAsync(slack, ChatMode.SocketMode, settings: new Dictionary<string, string?> { ["Slack:AppToken"] = "" }));

        Assert.Contains("Slack:AppToken (Slack__AppToken) is required in SocketMode mode", error.Message);
        Assert.Contains("Slack__AppToken", error.Message);
    }

    /// <summary>Standard input that a test types into line by line.</summary>
    private sealed class LineFeed : TextReader
    {
        private readonly System.Collections.Concurrent.BlockingCollection<string> _lines = [];

        public void Send(string line) => _lines.Add(line);

        public override string? ReadLine() => _lines.TryTake(out var line, Timeout.Infinite) ? line : null;

        protected override void Dispose(bool disposing)
        {
            // Completing (not disposing) lets a read still waiting on the reader's thread end with null.
            _lines.CompleteAdding();
            base.Dispose(disposing);
        }
    }

    private sealed class SignalingWriter : StringWriter
    {
        private readonly SemaphoreSlim _written = new(0);

        private readonly Lock _gate = new();

        // The console reader and the notification channel write from different threads: the StringBuilder behind a
        // StringWriter is not thread-safe, so writes and reads take turns.
        public override Task WriteLineAsync(string? value)
        {
            lock (_gate)
            {
                base.WriteLine(value);
            }

            _written.Release();
            return Task.CompletedTask;
        }

        public override string ToString()
        {
            lock (_gate)
            {
                return base.ToString();
            }
        }

        public async Task WaitForAsync(string text)
        {
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            while (!ToString().Contains(text, StringComparison.Ordinal))
            {
                await _written.WaitAsync(cts.Token);
            }
        }
    }
}
