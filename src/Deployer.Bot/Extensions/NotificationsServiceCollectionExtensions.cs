using Deployer.Bot.ChatOps;
using Deployer.Bot.Notifications;
using Deployer.Bot.Notifications.Console;
using Deployer.Bot.Notifications.Slack;
using Deployer.Core.Ports;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Quartz;

namespace Deployer.Bot.Extensions;

/// <summary>
/// How events reach people: the one place that knows the mode. Console mode prints them; Slack modes render them into
/// the Slack outbox. Either way the store queued them with the state change, and they are delivered after each publish
/// and on <c>ChatOps:OutboxInterval</c>.
/// </summary>
public static class NotificationsServiceCollectionExtensions
{
    internal static IServiceCollection AddNotifications(this IServiceCollection services, ChatMode mode, ChatOpsOptions options)
    {
        // The one console writer: local mode's channel, the release simulator and the console command reader print through it.
        services.TryAddSingleton<IConsoleOutput>(_ => new TextWriterConsoleOutput(System.Console.Out));
        services.TryAddSingleton<EventDelivery>();
        services.TryAddSingleton<IEventPublisher, EventPublisher>();
        if (mode == ChatMode.Console)
        {
            services.TryAddSingleton<ConsoleRenderer>();
            services.TryAddSingleton<INotificationChannel, ConsoleChannel>();
        }
        else
        {
            // Mentions of @handles use the group directory the user group resolver keeps (when it is Slack's).
            services.TryAddSingleton<ApproverDirectory>();
            services.TryAddSingleton(sp => new SlackRenderer(
                sp.GetRequiredService<Deployer.Core.Manifests.IManifestCatalog>(), sp.GetRequiredService<Microsoft.Extensions.Logging.ILogger<SlackRenderer>>(),
                GroupHandles(sp), sp.GetRequiredService<ApproverDirectory>()));
            services.TryAddSingleton<INotificationChannel>(sp => new SlackChannel(
                sp.GetRequiredService<Notifications.Slack.Outbox.IOutboxStore>(), sp.GetRequiredService<SlackRenderer>(), sp.GetRequiredService<Notifications.Slack.Outbox.OutboxSignal>(),
                GroupHandles(sp), sp.GetRequiredService<ApproverDirectory>()));
        }

        services.AddQuartz(q =>
        {
            q.AddJob<NotificationDeliveryJob>(j => j.WithIdentity(NotificationDeliveryJob.Key).StoreDurably());
            q.AddTrigger(t => t.ForJob(NotificationDeliveryJob.Key).WithIdentity($"{NotificationDeliveryJob.Key.Name}-trigger", NotificationDeliveryJob.Key.Group)
                .StartNow().WithSchedule(SimpleScheduleBuilder.Create().WithInterval(options.OutboxInterval).RepeatForever()));
        });
        return services;
    }

    private static IGroupHandles? GroupHandles(IServiceProvider sp) => sp.GetService<Deployer.Core.Commands.IUserGroupResolver>() as IGroupHandles;
}
