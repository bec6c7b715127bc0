using Deployer.Bot.Dashboard;
using Deployer.Bot.Dashboard.Live;
using Deployer.Bot.Notifications;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Deployer.Bot.Extensions;

/// <summary>Registers the web pages and their live updates.</summary>
public static class DashboardServiceCollectionExtensions
{
    /// <summary>Pages follow every decision, hold and force-request change through an <see cref="IEventListener"/>.</summary>
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
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IEventListener, DashboardEventListener>());
        return services;
    }
}
