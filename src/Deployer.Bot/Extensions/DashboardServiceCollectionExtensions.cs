using Deployer.Bot.Dashboard;
using Deployer.Bot.Dashboard.Live;
using Deployer.Core.Commands;
using Deployer.Core.Ports;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Deployer.Bot.Extensions;

/// <summary>Registers the web pages and their live updates.</summary>
public static class DashboardServiceCollectionExtensions
{
    /// <summary>
    /// Call after <c>AddChatOps</c>: it wraps the (already announcing) hold store so holds reach open pages at once,
    /// and listens to decision and force-request changes through the engine's and ChatOps' notifier lists.
    /// </summary>
    public static IServiceCollection AddDashboard(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        if (services.Any(d => d.ServiceType == typeof(ChangeBroadcaster)))
        {
            return services;
        }

        services.AddOptions<DashboardOptions>().Bind(configuration.GetSection(DashboardOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<PageRenderer>();
        services.AddSingleton<ChangeBroadcaster>();
        services.AddSingleton<DashboardData>();
        services.AddSingleton<DashboardAccess>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IDecisionNotifier, DecisionChangePublisher>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IForceRequestNotifier, ForceRequestChangePublisher>());
        DecorateHoldStore(services);
        return services;
    }

    private static void DecorateHoldStore(IServiceCollection services) =>
        ServiceDecoration.DecorateLast<IHoldStore>(
            services,
            (sp, inner) => new BroadcastingHoldStore(inner, sp.GetRequiredService<ChangeBroadcaster>()),
            "AddDashboard needs an IHoldStore: register the engine's stores (and ChatOps) before calling AddDashboard.");
}
