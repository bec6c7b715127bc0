namespace Deployer.Core.Commands;

/// <summary>Usage lines and examples for every verb, prefixed with the slash command (<c>/deployer</c>), or bare when it is empty (the console).</summary>
public static class CommandUsage
{
    public static string For(CommandVerb verb, string command) => verb switch
    {
        CommandVerb.Help => $"`{P(command)}help [verb]`: this help, or one verb's",
        CommandVerb.Status => $"`{P(command)}status [service]`: every pipeline, or one service's stages, releases and checks\n  e.g. `{P(command)}status router`",
        CommandVerb.Plan => $"`{P(command)}plan [service]`: what the next cycle would do (promotes nothing)\n  e.g. `{P(command)}plan router`",
        CommandVerb.Hold => $"`{P(command)}hold <service> <stage|all> [for <duration>] <reason…>`: stop promotions into a stage, or (`all`) the whole pipeline\n  e.g. `{P(command)}hold router production for 2h investigating 5xx`",
        CommandVerb.Resume => $"`{P(command)}resume <service> [stage|all]`: lift a hold (no stage or `all`: the whole pipeline's)\n  e.g. `{P(command)}resume router production`",
        CommandVerb.Force => $"`{P(command)}force <service> <stage> <reason…>`: ask to promote the upstream release into the stage now, bypassing failing checks and holds\n  e.g. `{P(command)}force router production hotfix for INC-42`",
        CommandVerb.Approve => $"`{P(command)}approve <id>`: approve a pending force-promote\n  e.g. `{P(command)}approve k3f9q2`",
        CommandVerb.Reject => $"`{P(command)}reject <id> [reason]`: reject a pending force-promote (or withdraw your own)\n  e.g. `{P(command)}reject k3f9q2 wait for the canary`",
        CommandVerb.History => $"`{P(command)}history <service> [n]`: the last n (default {CommandParser.DefaultHistory}, at most {CommandParser.MaxHistory}) decisions, promotions, holds and overrides\n  e.g. `{P(command)}history router 20`",
        CommandVerb.Whoami => $"`{P(command)}whoami`: your roles",
        CommandVerb.Rollback => $"`{P(command)}rollback <service> <stage> [reason…]`: return the stage's targets to the release they ran before the last promotion into it; the stage stays (or becomes) held\n  e.g. `{P(command)}rollback router production 5xx after deploy`",
        _ => throw new ArgumentOutOfRangeException(nameof(verb), verb, null),
    };

    /// <summary>Every verb's usage, one block each; durations explained at the end.</summary>
    public static string All(string command) =>
        string.Join('\n', Enum.GetValues<CommandVerb>().Select(v => For(v, command)))
        + "\nDurations: `30m`, `2h`, `1d`.";

    private static string P(string command) => command.Length == 0 ? "" : command + " ";
}
