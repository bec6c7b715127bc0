using Deployer.Bot.ChatOps.Announcing;
using Deployer.Bot.ChatOps.Commands;
using Deployer.Bot.ChatOps.Rendering;
using Deployer.Core.Commands;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Deployer.Bot.ChatOps.Console;

/// <summary>
/// Local mode: each line typed on standard input runs as a command of the local user (every role). Ends quietly at
/// end of input, so running with no standard input (CI) is fine.
/// </summary>
internal sealed class ConsoleCommandReader(CommandHandler commands, ConsoleInput input, ConsoleOutput output, ILogger<ConsoleCommandReader> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await output.WriteAsync($"Type commands (e.g. `help`, `status`, `status <service>`); they run as the local user with every role.");
        while (await ReadLineAsync(stoppingToken) is { } line)
        {
            var text = line.Trim();
            if (text.StartsWith(commands.SlashCommand, StringComparison.OrdinalIgnoreCase))
            {
                text = text[commands.SlashCommand.Length..].Trim();
            }

            if (text.Length == 0)
            {
                continue;
            }

            var reply = commands.Handle(Caller.Local, text);
            if (reply.Now is { } now)
            {
                await output.WriteAsync(ConsoleText.Render(now));
            }

            if (reply.Later is { } later)
            {
                await output.WriteAsync(ConsoleText.Render(await later(stoppingToken)));
            }
        }

        logger.LogInformation("Standard input ended; console commands are off");
    }

    // Console.In's ReadLineAsync blocks synchronously and ignores cancellation, so the read runs on its own thread
    // and shutdown stops waiting for it (otherwise an idle terminal holds SIGTERM up for the host's whole timeout).
    private async Task<string?> ReadLineAsync(CancellationToken stoppingToken)
    {
        var read = Task.Factory.StartNew(() => input.Reader.ReadLine(), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        var done = await Task.WhenAny(read, Task.Delay(Timeout.Infinite, stoppingToken));
        return done == read ? await read : null;
    }
}
