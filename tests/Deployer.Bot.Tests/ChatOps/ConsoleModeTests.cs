using Deployer.Bot.ChatOps;
using Deployer.Bot.ChatOps.Announcing;
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
            services.AddSingleton(new ConsoleOutput(output));
            services.AddSingleton(new ConsoleInput(input));
        }, new Dictionary<string, string?> { ["ChatOps:ReadConsole"] = "true", ["Slack:BotToken"] = "", ["Slack:AppToken"] = "" });

        await output.WaitForAsync("the local console user (every role)");

        var text = output.ToString();
        Assert.Contains("/deployer hold <service>", text);
        // Printed once: the reply, not a second copy as a channel announcement on the same console.
        Assert.Single(text.Split('\n'), l => l.Contains("✋ local held router production", StringComparison.Ordinal));
        Assert.Contains("Force-promote request", text);
        Assert.Empty(slack.Calls);
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

    private sealed class SignalingWriter : StringWriter
    {
        private readonly SemaphoreSlim _written = new(0);

        public override Task WriteLineAsync(string? value)
        {
            base.WriteLine(value);
            _written.Release();
            return Task.CompletedTask;
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
