using Deployer.Bot.ChatOps.Commands;
using Deployer.Bot.ChatOps.Rendering;
using Deployer.Bot.Notifications.Console;
using Deployer.Core.Commands;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Deployer.Bot.ChatOps.Console;

/// <summary>
/// Local mode: each line typed on standard input runs as a command of a console user (<c>local</c>, or the name after
/// <c>as</c>), each with every role but still distinct people for approvals. Ends quietly at
/// end of input, so running with no standard input (CI) is fine.
/// </summary>
internal sealed class ConsoleCommandReader(CommandHandler commands, ConsoleInput input, IConsoleOutput output, ILogger<ConsoleCommandReader> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await output.WriteLineAsync(
            "Type commands (e.g. help, status, status <service>). They run as the console user 'local'; 'as <name> <command>' runs one as " +
            "another console user (e.g. as bob approve <id>). Every console user has every role, but nobody approves their own force-promote.", stoppingToken);
        while (await ReadLineAsync(stoppingToken) is { } line)
        {
            var (caller, text) = Identify(line);
            if (text.Length == 0)
            {
                continue;
            }

            var reply = commands.Handle(caller, text);
            if (reply.Now is { } now)
            {
                await output.WriteLineAsync(ConsoleText.Render(now), stoppingToken);
            }

            if (reply.Later is { } later)
            {
                await output.WriteLineAsync(ConsoleText.Render(await later(stoppingToken)), stoppingToken);
            }
        }

        logger.LogInformation("Standard input ended; console commands are off");
    }

    /// <summary>
    /// Splits <c>as bob approve k3f9q2</c> into the console user <c>bob</c> and the command; without <c>as</c> the user
    /// is <c>local</c>. A leading slash command (<c>/deployer status</c>) is dropped, as pasted from Slack.
    /// </summary>
    public static (Caller Caller, string Text) Identify(string line)
    {
        var text = line.Trim();
        var caller = Caller.Local;
        var words = text.Split((char[]?)null, 3, StringSplitOptions.RemoveEmptyEntries);
        if (words.Length >= 2 && words[0].Equals("as", StringComparison.OrdinalIgnoreCase))
        {
            caller = new Caller(words[1], IsLocal: true);
            text = words.Length == 3 ? words[2] : "";
        }

        if (text.StartsWith('/'))
        {
            var space = text.IndexOfAny([' ', '\t']);
            text = space < 0 ? "" : text[space..].Trim();
        }

        return (caller, text);
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
