namespace Deployer.Core.Commands;

/// <summary><c>rollback &lt;service&gt; &lt;stage&gt; [reason…]</c>.</summary>
public sealed partial class CommandParser
{
    /// <summary>What the audit log and the hold say when a rollback names no reason.</summary>
    public const string NoReason = "no reason given";

    private CommandParseResult ParseRollback(ReadOnlySpan<string> args)
    {
        const CommandVerb verb = CommandVerb.Rollback;
        if (DownstreamStage(verb, args, "nothing is promoted into it, so there is no earlier release recorded to return to", out var manifest, out var stage) is { } error)
        {
            return error;
        }

        var reason = args.Length > 2 ? Join(args[2..]) : NoReason;
        return CommandParseResult.Ok(new ChatCommand(verb) { Manifest = manifest, Stage = stage.Name, Reason = reason });
    }
}
