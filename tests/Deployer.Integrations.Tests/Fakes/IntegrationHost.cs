using Deployer.Integrations.Extensions;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Deployer.Integrations.Tests.Fakes;

/// <summary>Builds the adapters the way the host does: configuration in, <c>AddDeployerIntegrations</c>, resolve.</summary>
public static class IntegrationHost
{
    /// <summary>What hang tests use as the per-attempt timeout.</summary>
    public const string ShortTimeout = "00:00:00.400";

    /// <summary>
    /// Test timeouts: one retry after 50ms. Attempts get a generous default, because on a busy 2-core machine a cold
    /// server can be slow to answer; tests of a hanging server pass <see cref="ShortTimeout"/>.
    /// </summary>
    public static Dictionary<string, string?> FastHttp(string section, string timeout = "00:00:05") => new()
    {
        [$"{section}:Timeout"] = timeout,
        [$"{section}:MaxRetries"] = "1",
        [$"{section}:RetryDelay"] = "00:00:00.050",
    };

    public static ServiceProvider Build(IDictionary<string, string?> settings, TimeProvider? time = null)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddLogging();
        if (time is not null)
        {
            services.AddSingleton(time);
        }

        services.AddDeployerIntegrations(configuration);
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
    }

    public static Dictionary<string, string?> With(this Dictionary<string, string?> settings, string key, string? value)
    {
        settings[key] = value;
        return settings;
    }
}
