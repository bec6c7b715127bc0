using Microsoft.Extensions.DependencyInjection;

namespace Deployer.Bot.Extensions;

/// <summary>Wraps the last registration of a service in a decorator, keeping its lifetime (ChatOps and the dashboard decorate the hold store).</summary>
internal static class ServiceDecoration
{
    /// <param name="services">The collection holding the registration.</param>
    /// <param name="decorate">Builds the decorator around the resolved inner service.</param>
    /// <param name="missing">The error when nothing is registered yet (name who needs it and what to register first).</param>
    public static void DecorateLast<TService>(IServiceCollection services, Func<IServiceProvider, TService, TService> decorate, string missing)
        where TService : class
    {
        var index = -1;
        for (var i = services.Count - 1; i >= 0; i--)
        {
            if (services[i].ServiceType == typeof(TService) && !services[i].IsKeyedService)
            {
                index = i;
                break;
            }
        }

        if (index < 0)
        {
            throw new InvalidOperationException(missing);
        }

        var inner = services[index];
        services[index] = ServiceDescriptor.Describe(typeof(TService), sp => decorate(sp, Resolve<TService>(sp, inner)), inner.Lifetime);
    }

    private static TService Resolve<TService>(IServiceProvider sp, ServiceDescriptor descriptor) =>
        (TService)(descriptor.ImplementationInstance
            ?? descriptor.ImplementationFactory?.Invoke(sp)
            ?? ActivatorUtilities.CreateInstance(sp, descriptor.ImplementationType!));
}
