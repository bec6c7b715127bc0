using Deployer.Bot.Extensions;
using Deployer.Bot.Notifications;
using Deployer.Bot.ChatOps.Buttons;
using Deployer.Bot.ChatOps.Commands;
using Deployer.Bot.ChatOps.Console;
using Deployer.Bot.ChatOps.Jobs;
using Deployer.Bot.ChatOps.Modals;
using Deployer.Bot.ChatOps.Storage;
using Deployer.Bot.Slack;
using Deployer.Bot.Notifications.Slack.Outbox;
using Deployer.Bot.Store;
using Deployer.Core.Commands;
using Deployer.Core.Engine;
using Deployer.Core.Manifests;
using Deployer.Core.Ports;
using Deployer.Slack;
using Deployer.Slack.Inbound;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Quartz;

namespace Deployer.Bot.ChatOps;

/// <summary>Wires the chat side: commands, authorization, force-promotes, channel messages and the chosen Slack mode.</summary>
public static class ChatOpsServiceCollectionExtensions
{
    /// <summary>
    /// Call after the engine and stores are registered; it also registers how events reach people for the chosen mode
    /// (<see cref="NotificationsServiceCollectionExtensions.AddNotifications"/>). Needs <see cref="PromotionEngine"/>, <see cref="IManifestCatalog"/>, <see cref="IHoldStore"/>, <see cref="IAuditLog"/>,
    /// a <c>LiteDatabase</c> and a <see cref="TimeProvider"/> in the container.
    /// </summary>
    public static IServiceCollection AddChatOps(this IServiceCollection services, IConfiguration configuration)
    {
        // A second call would add the hosted services and jobs again.
        if (services.Any(d => d.ServiceType == typeof(ChatOpsMarker)))
        {
            return services;
        }

        services.AddSingleton<ChatOpsMarker>();
        var slackSection = configuration.GetSection(SlackModeOptions.Section);
        var mode = slackSection.Get<SlackModeOptions>()?.Mode ?? ChatMode.Console;
        var chatOpsSection = configuration.GetSection(ChatOpsOptions.Section);
        var chatOps = DurationBinding.Get<ChatOpsOptions>(chatOpsSection);

        services.AddOptions<SlackModeOptions>().Bind(slackSection).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SlackModeOptions>, SlackModeOptionsValidator>());
        services.AddOptions<ChatOpsOptions>().BindWithDurations(chatOpsSection).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<AuthorizationOptions>().BindWithDurations(configuration.GetSection(AuthorizationOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);

        AddDomain(services);
        services.AddNotifications(mode, chatOps);
        services.TryAddSingleton<StatusView>();
        services.TryAddSingleton<CommandHandler>();
        services.TryAddSingleton<BackgroundWork>();
        services.AddHostedService(sp => sp.GetRequiredService<BackgroundWork>());

        if (mode == ChatMode.Console)
        {
            AddConsole(services, chatOps);
        }
        else
        {
            // Only in Slack modes: the client refuses to start without a bot token.
            services.AddSlackClient(slackSection);
            AddSlack(services, mode);
            services.AddHostedService<Startup.SlackModeWarnings>();
        }

        services.AddQuartz(q =>
        {
            Every<ApprovalExpiryJob>(q, ApprovalExpiryJob.Key, chatOps.ApprovalExpiryInterval);
            if (mode != ChatMode.Console)
            {
                Every<OutboxDispatchJob>(q, OutboxDispatchJob.Key, chatOps.OutboxInterval);
            }
        });
        return services;
    }

    /// <summary>In Http mode maps <c>POST /slack/commands</c>, <c>/slack/interactions</c> and <c>/slack/events</c> (signature-checked).</summary>
    public static WebApplication MapChatOps(this WebApplication app)
    {
        // Read from configuration, not the validated options: validation runs once at start and reports every problem together.
        if (app.Configuration.GetSection(SlackModeOptions.Section).Get<SlackModeOptions>()?.Mode == ChatMode.Http)
        {
            app.MapSlackInbound("/slack");
        }

        return app;
    }

    private static void Every<TJob>(IQuartzBuilder quartz, JobKey key, TimeSpan interval)
        where TJob : class, IJob
    {
        quartz.AddJob<TJob>(j => j.WithIdentity(key).StoreDurably());
        quartz.AddTrigger(t => t.ForJob(key).WithIdentity($"{key.Name}-trigger", key.Group).StartNow()
            .WithSchedule(SimpleScheduleBuilder.Create().WithInterval(interval).RepeatForever()));
    }

    private static void AddDomain(IServiceCollection services)
    {
        // On the console, verbs are typed bare (`status`), so usage is shown without the slash command.
        services.TryAddSingleton(sp => sp.GetRequiredService<IOptions<SlackModeOptions>>().Value is var o && o.Mode == ChatMode.Console
            ? new CommandParser(sp.GetRequiredService<IManifestCatalog>(), "")
            : new CommandParser(sp.GetRequiredService<IManifestCatalog>(), o.Command));
        services.TryAddSingleton(sp => new AuthorizationPolicy(
            sp.GetRequiredService<IOptions<AuthorizationOptions>>().Value, sp.GetRequiredService<IUserGroupResolver>(),
            sp.GetRequiredService<IManifestCatalog>(), sp.GetRequiredService<ILogger<AuthorizationPolicy>>()));
        services.TryAddSingleton<CommandAudit>();
        services.TryAddSingleton<HoldService>();
        services.TryAddSingleton<RollbackService>();
        services.TryAddSingleton<IPairPromoter, EnginePairPromoter>();
        services.TryAddSingleton(sp => new IncidentProbe(
            sp.GetService<EngineSources>()?.Incidents ?? sp.GetServices<IIncidentSource>(), sp.GetRequiredService<ILogger<IncidentProbe>>()));
        services.TryAddSingleton<IForceRequestStore, LiteDbForceRequestStore>();
        services.TryAddSingleton<ForcePromoteService>();
        services.TryAddSingleton<HoldCache>();
        // Without AddDeployerStore (ChatOps on its own): the queue and the outbox on the container's LiteDatabase.
        services.TryAddSingleton<INotificationQueue, LiteDbNotificationQueue>();
        services.TryAddSingleton<IOutboxStore, OutboxStore>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IEventListener, HoldCache>(sp => sp.GetRequiredService<HoldCache>()));
    }

    private static void AddConsole(IServiceCollection services, ChatOpsOptions options)
    {
        services.TryAddSingleton(new ConsoleInput(System.Console.In));
        services.TryAddSingleton<IUserGroupResolver, NoUserGroups>();
        if (options.ReadConsole)
        {
            services.AddHostedService<ConsoleCommandReader>();
        }
    }

    private static void AddSlack(IServiceCollection services, ChatMode mode)
    {
        services.TryAddSingleton<OutboxDispatcher>();
        services.TryAddSingleton<OutboxSignal>();
        services.TryAddSingleton<OutboxMetrics>();
        services.AddHostedService<OutboxMetricsStarter>();
        services.TryAddSingleton<IUserGroupResolver, SlackUserGroupResolver>();
        services.TryAddSingleton<PairRetry>();
        services.TryAddSingleton<ButtonAuthorization>();
        services.TryAddSingleton<ModalOpener>();
        services.TryAddSingleton<ModalSubmissionHandler>();
        services.TryAddSingleton<DecisionButtonHandler>();
        services.TryAddSingleton<ISlackInboundHandler, SlackInboundHandler>();
        if (mode == ChatMode.SocketMode)
        {
            services.AddHostedService<SocketModeHostedService>();
        }
    }

    private sealed class ChatOpsMarker;
}
