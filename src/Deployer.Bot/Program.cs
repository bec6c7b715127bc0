using Deployer.Bot.Cli;
using Deployer.Bot.Extensions;
using Deployer.Bot.Hosting;
using Deployer.Bot.Startup;

if (args is ["store", ..])
{
    return StoreCommand.Run(args[1..], Console.Out, Console.Error);
}

if (args is ["plan", ..])
{
    return await PlanCommand.RunAsync(args[1..], Console.Out, Console.Error);
}

if (CommandLineUsage.IsHelp(args))
{
    return CommandLineUsage.Print(Console.Out);
}

return await StartupGuard.RunAsync(async () =>
{
    var builder = DeployerHost.CreateBuilder(args);
    builder.AddDeployer();

    var app = builder.Build();
    app.MapDeployer();

    return await DeployerHost.RunAsync(app);
}, Console.Error);
