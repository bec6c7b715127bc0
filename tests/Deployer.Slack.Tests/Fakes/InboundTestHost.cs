using Deployer.Slack.Inbound;
using Deployer.Slack.Tests.Signing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Deployer.Slack.Tests.Fakes;

/// <summary>A Kestrel host on a free loopback port with the Slack client (published signing secret) and an inbound handler.</summary>
public static class InboundTestHost
{
    public static WebApplicationBuilder CreateBuilder(TimeProvider time, ISlackInboundHandler handler, ILoggerProvider logs)
    {
        var builder = WebApplication.CreateSlimBuilder(["--hostBuilder:reloadConfigOnChange=false"]); // no watcher on the working folder
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Logging.AddProvider(logs);
        builder.Services.AddSingleton(time);
        builder.Services.AddSingleton(handler);
        builder.Services.AddSlackClient(o =>
        {
            o.BotToken = TestServices.BotToken;
            o.SigningSecret = SlackSigningVectors.Secret;
        });
        return builder;
    }
}
