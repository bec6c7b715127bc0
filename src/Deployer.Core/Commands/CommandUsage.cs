namespace Deployer.Core.Commands;

/// <summary>Usage lines and examples for every verb; <c>{0}</c> is the slash command (<c>/deployer</c>).</summary>
public static class CommandUsage
{
    public static string For(CommandVerb verb, string command) => verb switch
    {
        CommandVerb.Help => $"`{command} help [verb]`: this help, or one verb's",
        CommandVerb.Status => $"`{command} status [service]`: every pipeline, or one service's stages, releases and checks\n  e.g. `{command} status router`",
        CommandVerb.Plan => $"`{command} plan [service]`: what the next cycle would do (promotes nothing)\n  e.g. `{command} plan router`",
        CommandVerb.Hold => $"`{command} hold <service> [stage] [for <duration>] <reason…>`: stop promotions into a stage, or the whole pipeline\n  e.g. `{command} hold router production for 2h investigating 5xx`",
        CommandVerb.Resume => $"`{command} resume <service> [stage]`: lift a hold\n  e.g. `{command} resume router production`",
        CommandVerb.Force => $"`{command} force <service> <stage> <reason…>`: ask to promote the upstream release into the stage now, bypassing failing checks and holds\n  e.g. `{command} force router production hotfix for INC-42`",
        CommandVerb.Approve => $"`{command} approve <id>`: approve a pending force-promote\n  e.g. `{command} approve k3f9q2`",
        CommandVerb.Reject => $"`{command} reject <id> [reason]`: reject a pending force-promote (or withdraw your own)\n  e.g. `{command} reject k3f9q2 wait for the canary`",
        CommandVerb.History => $"`{command} history <service> [n]`: the last n (default {CommandParser.DefaultHistory}, at most {CommandParser.MaxHistory}) decisions, promotions, holds and overrides\n  e.g. `{command} history router 20`",
        CommandVerb.Whoami => $"`{command} whoami`: your roles",
        _ => throw new ArgumentOutOfRangeException(nameof(verb), verb, null),
    };

    /// <summary>Every verb's usage, one block each; durations explained at the end.</summary>
    public static string All(string command) =>
        string.Join('\n', Enum.GetValues<CommandVerb>().Select(v => For(v, command)))
        + "\nDurations: `30m`, `2h`, `1d`.";
}
