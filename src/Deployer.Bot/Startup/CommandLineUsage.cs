namespace Deployer.Bot.Startup;

/// <summary>What <c>--help</c> prints: how to run the bot, its sub-commands and its main settings.</summary>
public static class CommandLineUsage
{
    public const string Text = """
        Deployer.Bot: a Slack ChatOps bot hosting a continuous promotion engine.

        Usage:
          Deployer.Bot [--Section:Key=value …]     run the bot (dotnet run --project src/Deployer.Bot)
          Deployer.Bot plan [--manifests DIR] [--service S] [--world FILE] [--json]
                                                   what the engine would decide now; promotes nothing
          Deployer.Bot store check | store repair | store backup <file>
                                                   check, repair or back up the LiteDB store (Store:Path)
          Deployer.Bot --help                      this text

        Modes (Slack:Mode, environment variable Slack__Mode):
          Console     default: decisions print here, commands are typed on standard input; no account needed
          SocketMode  needs Slack__BotToken (xoxb-…) and Slack__AppToken (xapp-…); no public URL
          Http        needs Slack__BotToken and Slack__SigningSecret; Slack posts to /slack/commands and /slack/interactions

        Main settings (appsettings.json, then environment variables Section__Key, then --Section:Key=value):
          Urls                       Urls                        where HTTP listens (http://127.0.0.1:5080)
          Manifests:Path             Manifests__Path             folder of service manifests (manifests/)
          Store:Path                 Store__Path                 the LiteDB file (data/deployer.db)
          Engine:Interval            Engine__Interval            time between cycles (60s)
          Local:Simulator:Enabled    Local__Simulator__Enabled   the local release simulator (true)
          Authorization:Operators    Authorization__Operators__0 Slack user ids or @groups who may hold and resume
          Authorization:ForcePromoters, Authorization:Approvers  who may force-promote, who may approve
          Heroku:ApiToken, GitHub:Token, PagerDuty:ApiKey, Alertmanager:Url, …   see the README's Integrations
        DEPLOYER_ROOT names the folder holding appsettings.json and manifests/.
        A bad setting stops start-up with one line per problem and exit code 1.
        """;

    /// <summary>True for <c>--help</c>, <c>-h</c>, <c>-?</c> and <c>help</c> anywhere among the arguments.</summary>
    public static bool IsHelp(IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(args);
        return args.Any(a => a is "--help" or "-h" or "-?" or "/?" or "/help") || args is ["help", ..];
    }

    public static int Print(TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(output);
        output.WriteLine(Text);
        return 0;
    }
}
