using System.Globalization;
using Deployer.Core.Manifests;

namespace Deployer.Core.Commands;

/// <summary>
/// Turns the text after the slash command into a <see cref="ChatCommand"/>, checking services and stages against the
/// catalog so mistakes are answered with a specific message and the verb's usage.
/// </summary>
public sealed partial class CommandParser
{
    public const int DefaultHistory = 10;
    public const int MaxHistory = 50;

    private static readonly char[] Separators = [' ', '\t', '\n', '\r', '\u00a0'];
    private readonly IManifestCatalog _catalog;
    private readonly string _command;

    public CommandParser(IManifestCatalog catalog, string command = "/deployer")
    {
        _catalog = catalog;
        _command = command;
    }

    /// <summary>The slash command the usage text names.</summary>
    public string Command => _command;

    public CommandParseResult Parse(string? text)
    {
        if (UserText.FindControlCharacter(text) is { } bad)
        {
            return CommandParseResult.Fail(bad, CommandUsage.All(_command));
        }

        var tokens = (text ?? "").Split(Separators, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (tokens.Length == 0)
        {
            return CommandParseResult.Ok(new ChatCommand(CommandVerb.Help));
        }

        if (!TryVerb(tokens[0], out var verb))
        {
            return UnknownVerb(tokens[0]);
        }

        var args = tokens.AsSpan(1);
        return verb switch
        {
            CommandVerb.Help => Help(args),
            CommandVerb.Status or CommandVerb.Plan => OptionalService(verb, args),
            CommandVerb.Hold => Hold(args),
            CommandVerb.Resume => Resume(args),
            CommandVerb.Force => Force(args),
            CommandVerb.Approve or CommandVerb.Reject => Decide(verb, args),
            CommandVerb.History => History(args),
            CommandVerb.Rollback => ParseRollback(args),
            _ => NoArguments(verb, args),
        };
    }

    public static bool TryVerb(string token, out CommandVerb verb)
    {
        switch (token.ToLowerInvariant())
        {
            case "help" or "?" or "usage":
                verb = CommandVerb.Help;
                return true;
            case "unhold":
                verb = CommandVerb.Resume;
                return true;
            case "who" or "roles":
                verb = CommandVerb.Whoami;
                return true;
        }

        return Enum.TryParse(token, ignoreCase: true, out verb) && Enum.IsDefined(verb) && !int.TryParse(token, out _);
    }

    private static CommandParseResult Help(ReadOnlySpan<string> args)
    {
        if (args.Length > 0 && TryVerb(args[0], out var topic))
        {
            return CommandParseResult.Ok(new ChatCommand(CommandVerb.Help) { Topic = topic });
        }

        return CommandParseResult.Ok(new ChatCommand(CommandVerb.Help));
    }

    private CommandParseResult OptionalService(CommandVerb verb, ReadOnlySpan<string> args)
    {
        if (args.Length == 0)
        {
            return CommandParseResult.Ok(new ChatCommand(verb));
        }

        if (args.Length > 1)
        {
            return Fail(verb, $"`{verb.ToString().ToLowerInvariant()}` takes at most one service; got `{string.Join(' ', args.ToArray())}`.");
        }

        return FindService(verb, args[0], out var manifest) is { } error ? error : CommandParseResult.Ok(new ChatCommand(verb) { Manifest = manifest });
    }

    private CommandParseResult Hold(ReadOnlySpan<string> args)
    {
        const CommandVerb verb = CommandVerb.Hold;
        if (args.Length == 0)
        {
            return Fail(verb, "Which service? `hold` needs a service and a reason.");
        }

        if (FindService(verb, args[0], out var manifest) is { } error)
        {
            return error;
        }

        // The scope is always said: a word that is not a stage must not silently hold the whole pipeline with no end.
        if (args.Length == 1)
        {
            return Fail(verb, $"Hold what? Name a stage of {manifest!.Service} ({StageList(manifest, skipFirst: true)}) or `{WholePipeline}` for the whole pipeline.");
        }

        var rest = args[2..];
        string? stage = null;
        if (manifest!.FindStage(args[1]) is { } found)
        {
            if (IsFirst(manifest, found))
            {
                return Fail(verb, $"`{found.Name}` is {manifest.Service}'s first stage: nothing promotes into it. Hold a later stage ({StageList(manifest, skipFirst: true)}) or `{WholePipeline}`.");
            }

            stage = found.Name;
        }
        else if (!args[1].Equals(WholePipeline, StringComparison.OrdinalIgnoreCase))
        {
            return Fail(verb, UnknownStage(manifest, args[1], skipFirst: true) + $" To hold the whole pipeline say `{WholePipeline}`.");
        }

        TimeSpan? duration = null;
        if (rest.Length > 0 && rest[0].Equals("for", StringComparison.OrdinalIgnoreCase))
        {
            if (rest.Length < 2 || !DurationParser.TryParse(rest[1], out var parsed) || parsed <= TimeSpan.Zero)
            {
                return Fail(verb, rest.Length < 2
                    ? "`for` needs a duration such as `30m`, `2h` or `1d`."
                    : $"`{rest[1]}` is not a duration; use e.g. `30m`, `2h` or `1d`.");
            }

            duration = parsed;
            rest = rest[2..];
        }

        if (rest.Length == 0)
        {
            return Fail(verb, $"Say why: a hold on {manifest!.Service} needs a reason people can read later.");
        }

        return CommandParseResult.Ok(new ChatCommand(verb) { Manifest = manifest, Stage = stage, Duration = duration, Reason = Join(rest) });
    }

    private CommandParseResult Resume(ReadOnlySpan<string> args)
    {
        const CommandVerb verb = CommandVerb.Resume;
        if (args.Length == 0)
        {
            return Fail(verb, "Which service? `resume` needs a service.");
        }

        if (FindService(verb, args[0], out var manifest) is { } error)
        {
            return error;
        }

        if (args.Length > 2)
        {
            return Fail(verb, $"`resume` takes a service and at most one stage; got `{Join(args)}`.");
        }

        if (args.Length == 2 && !args[1].Equals(WholePipeline, StringComparison.OrdinalIgnoreCase))
        {
            if (manifest!.FindStage(args[1]) is not { } stage)
            {
                return Fail(verb, UnknownStage(manifest, args[1], skipFirst: false) + $" To resume the whole pipeline say `{WholePipeline}` or name no stage.");
            }

            return CommandParseResult.Ok(new ChatCommand(verb) { Manifest = manifest, Stage = stage.Name });
        }

        return CommandParseResult.Ok(new ChatCommand(verb) { Manifest = manifest });
    }

    private CommandParseResult Force(ReadOnlySpan<string> args)
    {
        const CommandVerb verb = CommandVerb.Force;
        if (DownstreamStage(verb, args, "nothing promotes into it", out var manifest, out var stage) is { } error)
        {
            return error;
        }

        if (args.Length == 2)
        {
            return Fail(verb, $"Say why: a force-promote into {manifest.Service} {stage.Name} needs a reason for the approvers and the audit log.");
        }

        return CommandParseResult.Ok(new ChatCommand(verb) { Manifest = manifest, Stage = stage.Name, Reason = Join(args[2..]) });
    }

    /// <summary>
    /// The <c>&lt;service&gt; &lt;stage&gt;</c> of a verb that acts on a stage something is promoted into (force, rollback): the
    /// usage error when either is missing, unknown or the first stage (<paramref name="firstStage"/> says why not).
    /// </summary>
    private CommandParseResult? DownstreamStage(CommandVerb verb, ReadOnlySpan<string> args, string firstStage, out ServiceManifest manifest, out StageSpec stage)
    {
        // Both outs are meaningful only when no error is returned.
        stage = null!;
        manifest = null!;
        var name = verb.ToString().ToLowerInvariant();
        if (args.Length == 0)
        {
            return Fail(verb, verb == CommandVerb.Force ? "Which service? `force` needs a service, a stage and a reason." : $"Which service? `{name}` needs a service and a stage.");
        }

        if (FindService(verb, args[0], out var service) is { } error)
        {
            return error;
        }

        manifest = service!;
        if (args.Length == 1)
        {
            return Fail(verb, $"Which stage of {manifest.Service}? One of: {StageList(manifest, skipFirst: true)}.");
        }

        if (manifest.FindStage(args[1]) is not { } found)
        {
            return Fail(verb, UnknownStage(manifest, args[1], skipFirst: true));
        }

        stage = found;
        return IsFirst(manifest, found)
            ? Fail(verb, $"`{found.Name}` is {manifest.Service}'s first stage: {firstStage}. Try {StageList(manifest, skipFirst: true)}.")
            : null;
    }

    private CommandParseResult Decide(CommandVerb verb, ReadOnlySpan<string> args)
    {
        if (args.Length == 0)
        {
            return Fail(verb, $"Which request? `{verb.ToString().ToLowerInvariant()}` needs the request id shown in the force-promote message.");
        }

        if (verb == CommandVerb.Approve && args.Length > 1)
        {
            return Fail(verb, $"`approve` takes only the request id; got `{Join(args)}`.");
        }

        var reason = args.Length > 1 ? Join(args[1..]) : null;
        return CommandParseResult.Ok(new ChatCommand(verb) { RequestId = args[0].ToLowerInvariant(), Reason = reason });
    }

    private CommandParseResult History(ReadOnlySpan<string> args)
    {
        const CommandVerb verb = CommandVerb.History;
        if (args.Length == 0)
        {
            return Fail(verb, "Which service? `history` needs a service.");
        }

        if (FindService(verb, args[0], out var manifest) is { } error)
        {
            return error;
        }

        if (args.Length > 2)
        {
            return Fail(verb, $"`history` takes a service and a count; got `{Join(args)}`.");
        }

        var count = DefaultHistory;
        if (args.Length == 2 && (!int.TryParse(args[1], NumberStyles.None, CultureInfo.InvariantCulture, out count) || count < 1 || count > MaxHistory))
        {
            return Fail(verb, $"`{args[1]}` is not a count from 1 to {MaxHistory}.");
        }

        return CommandParseResult.Ok(new ChatCommand(verb) { Manifest = manifest, Count = count });
    }

    private CommandParseResult NoArguments(CommandVerb verb, ReadOnlySpan<string> args) =>
        args.Length == 0
            ? CommandParseResult.Ok(new ChatCommand(verb))
            : Fail(verb, $"`{verb.ToString().ToLowerInvariant()}` takes no arguments; got `{Join(args)}`.");

    private static bool IsFirst(ServiceManifest manifest, StageSpec stage) => manifest.Stages.Count > 0 && ReferenceEquals(manifest.Stages[0], stage);

    private static string Join(ReadOnlySpan<string> tokens) => string.Join(' ', tokens.ToArray());
}
