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

    private static void DecorateHoldStore(IServiceCollection services)
    {
        var index = -1;
        for (var i = services.Count - 1; i >= 0; i--)
        {
            if (services[i].ServiceType == typeof(IHoldStore) && !services[i].IsKeyedService)
            {
                index = i;
                break;
            }
        }

        if (index < 0)
        {
            throw new InvalidOperationException("AddDashboard needs an IHoldStore: register the engine's stores (and ChatOps) before calling AddDashboard.");
        }

        var inner = services[index];
        services[index] = ServiceDescriptor.Describe(typeof(IHoldStore), sp => new BroadcastingHoldStore(Resolve(sp, inner), sp.GetRequiredService<ChangeBroadcaster>()), inner.Lifetime);
    }

    private static IHoldStore Resolve(IServiceProvider sp, ServiceDescriptor descriptor) =>
        (IHoldStore)(descriptor.ImplementationInstance
            ?? descriptor.ImplementationFactory?.Invoke(sp)
            ?? ActivatorUtilities.CreateInstance(sp, descriptor.ImplementationType!));
}
