namespace Deployer.Core.Commands;

/// <summary><c>rollback &lt;service&gt; &lt;stage&gt; [reason…]</c>.</summary>
public sealed partial class CommandParser
{
    /// <summary>What the audit log and the hold say when a rollback names no reason.</summary>
    public const string NoReason = "no reason given";

    private CommandParseResult ParseRollback(ReadOnlySpan<string> args)
    {
        const CommandVerb verb = CommandVerb.Rollback;
        if (args.Length == 0)
        {
            return Fail(verb, "Which service? `rollback` needs a service and a stage.");
        }

        if (FindService(verb, args[0], out var manifest) is { } error)
        {
            return error;
        }

        if (args.Length == 1)
        {
            return Fail(verb, $"Which stage of {manifest!.Service}? One of: {StageList(manifest, skipFirst: true)}.");
        }

        if (manifest!.FindStage(args[1]) is not { } stage)
        {
            return Fail(verb, UnknownStage(manifest, args[1], skipFirst: true));
        }

        if (IsFirst(manifest, stage))
        {
            return Fail(verb, $"`{stage.Name}` is {manifest.Service}'s first stage: nothing is promoted into it, so there is no earlier release recorded to return to. Try {StageList(manifest, skipFirst: true)}.");
        }

        var reason = args.Length > 2 ? Join(args[2..]) : NoReason;
        return CommandParseResult.Ok(new ChatCommand(verb) { Manifest = manifest, Stage = stage.Name, Reason = reason });
    }
}
