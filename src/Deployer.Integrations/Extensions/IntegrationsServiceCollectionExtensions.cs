using System.Net.Http.Headers;
using System.Text;
using Deployer.Core.Ports;
using Deployer.Integrations.Alertmanager;
using Deployer.Integrations.CommandPlatform;
using Deployer.Integrations.GitHub;
using Deployer.Integrations.Heroku;
using Deployer.Integrations.Http;
using Deployer.Integrations.Librato;
using Deployer.Integrations.PagerDuty;
using Deployer.Integrations.Statuspage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Deployer.Integrations.Extensions;

/// <summary>Wires the outside-system adapters as Core ports.</summary>
public static class IntegrationsServiceCollectionExtensions
{
    /// <summary>
    /// Registers the command platform always, and every other adapter only when its section is configured:
    /// Heroku (<c>Heroku:ApiToken</c>), Alertmanager (<c>Alertmanager:Url</c>), Librato (<c>Librato:Token</c>),
    /// PagerDuty (<c>PagerDuty:ApiKey</c>), Statuspage (<c>Statuspage:Url</c>), GitHub (<c>GitHub:Token</c>).
    /// Secrets come from configuration, which the host binds from environment variables (<c>Heroku__ApiToken</c>).
    /// </summary>
    public static IServiceCollection AddDeployerIntegrations(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        services.TryAddSingleton(TimeProvider.System);

        services.AddOptions<CommandPlatformOptions>().Bind(configuration.GetSection(CommandPlatformOptions.Section));
        services.AddSingleton(sp => new CommandReleasePlatform(
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<IOptions<CommandPlatformOptions>>().Value.RunsPath is { Length: > 0 } runs ? runs : Path.Combine(Path.GetTempPath(), "deployer-command-runs")));
        services.AddSingleton<IReleasePlatform>(sp => sp.GetRequiredService<CommandReleasePlatform>());

        if (IsSet(configuration, HerokuOptions.Section, nameof(HerokuOptions.ApiToken)))
        {
            AddHeroku(services, configuration.GetSection(HerokuOptions.Section));
        }

        if (IsSet(configuration, AlertmanagerOptions.Section, nameof(AlertmanagerOptions.Url)))
        {
            AddAlertmanager(services, configuration.GetSection(AlertmanagerOptions.Section));
        }

        if (IsSet(configuration, LibratoOptions.Section, nameof(LibratoOptions.Token)))
        {
            AddLibrato(services, configuration.GetSection(LibratoOptions.Section));
        }

        if (IsSet(configuration, PagerDutyOptions.Section, nameof(PagerDutyOptions.ApiKey)))
        {
            AddPagerDuty(services, configuration.GetSection(PagerDutyOptions.Section));
        }

        if (IsSet(configuration, StatuspageOptions.Section, nameof(StatuspageOptions.Url)))
        {
            AddStatuspage(services, configuration.GetSection(StatuspageOptions.Section));
        }

        if (IsSet(configuration, GitHubOptions.Section, nameof(GitHubOptions.Token)))
        {
            AddGitHub(services, configuration.GetSection(GitHubOptions.Section));
        }

        return services;
    }

    private static void AddHeroku(IServiceCollection services, IConfigurationSection section)
    {
        AddOptions<HerokuOptions>(services, section, o => o.ApiBaseUrl, nameof(HerokuOptions.ApiBaseUrl))
            .Validate(o => o.PollInterval > TimeSpan.Zero, "Heroku:PollInterval must be positive")
            .Validate(o => o.PromotionTimeout > TimeSpan.Zero, "Heroku:PromotionTimeout must be positive")
            .Validate(o => o.RateLimitFloor >= 0 && o.RateLimitPerHour > 0, "Heroku:RateLimitFloor must be >= 0 and Heroku:RateLimitPerHour > 0")
            .Validate(
                o => o.ReservedCallsPerMinute >= 0 && o.ReservedCallsPerMinute < o.RateLimitPerHour / 60.0,
                "Heroku:ReservedCallsPerMinute must be >= 0 and below Heroku:RateLimitPerHour / 60 (the refill a minute)")
            .Validate(o => o.SweepBurst >= 1, "Heroku:SweepBurst must be at least 1")
            .Validate(o => o.WebhookPath.StartsWith('/'), "Heroku:WebhookPath must start with '/'");
        services.AddIntegrationClient<HerokuOptions>(HerokuApi.ClientName, o => o.ApiBaseUrl, (client, o) =>
        {
            client.DefaultRequestHeaders.Accept.ParseAdd("application/vnd.heroku+json; version=3");
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", o.ApiToken);
        });
        services.AddSingleton<HerokuRateBudget>();
        services.AddSingleton(sp => new HerokuApi(sp.GetRequiredService<IHttpClientFactory>(), sp.GetRequiredService<HerokuRateBudget>()));
        services.AddSingleton<HerokuSweepPacer>();
        services.AddSingleton(sp => new HerokuPlatform(
            sp.GetRequiredService<HerokuApi>(), sp.GetRequiredService<IOptions<HerokuOptions>>(), sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<HerokuSweepPacer>()));
        services.AddSingleton<IReleasePlatform>(sp => sp.GetRequiredService<HerokuPlatform>());
        services.AddSingleton(sp => new HerokuCouplingVerifier(
            sp.GetRequiredService<HerokuApi>(), sp.GetRequiredService<IOptions<HerokuOptions>>().Value, sp.GetRequiredService<TimeProvider>()));
    }

    private static void AddAlertmanager(IServiceCollection services, IConfigurationSection section)
    {
        AddOptions<AlertmanagerOptions>(services, section, o => o.Url, nameof(AlertmanagerOptions.Url));
        services.AddIntegrationClient<AlertmanagerOptions>(AlertmanagerAlertSource.ClientName, o => o.Url, (client, _) =>
            client.DefaultRequestHeaders.Accept.ParseAdd("application/json"));
        services.AddSingleton(sp => new AlertmanagerAlertSource(sp.GetRequiredService<IHttpClientFactory>(), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<IAlertSource>(sp => sp.GetRequiredService<AlertmanagerAlertSource>());
    }

    private static void AddLibrato(IServiceCollection services, IConfigurationSection section)
    {
        AddOptions<LibratoOptions>(services, section, o => o.Url, nameof(LibratoOptions.Url))
            .Validate(o => !string.IsNullOrWhiteSpace(o.Email), "Librato:Email is required when Librato:Token is set");
        services.AddIntegrationClient<LibratoOptions>(LibratoAlertSource.ClientName, o => o.Url, (client, o) =>
        {
            client.DefaultRequestHeaders.Accept.ParseAdd("application/json");
            var basic = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{o.Email}:{o.Token}"));
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", basic);
        });
        services.AddSingleton(sp => new LibratoAlertSource(sp.GetRequiredService<IHttpClientFactory>(), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<IAlertSource>(sp => sp.GetRequiredService<LibratoAlertSource>());
    }

    private static void AddPagerDuty(IServiceCollection services, IConfigurationSection section)
    {
        AddOptions<PagerDutyOptions>(services, section, o => o.Url, nameof(PagerDutyOptions.Url))
            .Validate(o => o.PageSize is >= 1 and <= 100, "PagerDuty:PageSize must be between 1 and 100")
            .Validate(o => o.MaxServicesPerRequest is >= 1 and <= 500, "PagerDuty:MaxServicesPerRequest must be between 1 and 500");
        services.AddIntegrationClient<PagerDutyOptions>(PagerDutyIncidentSource.ClientName, o => o.Url, (client, o) =>
        {
            client.DefaultRequestHeaders.TryAddWithoutValidation("Accept", "application/vnd.pagerduty+json;version=2");
            client.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", $"Token token={o.ApiKey}");
        });
        services.AddSingleton(sp => new PagerDutyIncidentSource(sp.GetRequiredService<IHttpClientFactory>(), sp.GetRequiredService<IOptions<PagerDutyOptions>>()));
        services.AddSingleton<IIncidentSource>(sp => sp.GetRequiredService<PagerDutyIncidentSource>());
    }

    private static void AddStatuspage(IServiceCollection services, IConfigurationSection section)
    {
        AddOptions<StatuspageOptions>(services, section, o => o.Url, nameof(StatuspageOptions.Url));
        services.AddIntegrationClient<StatuspageOptions>(StatuspageIncidentSource.ClientName, o => o.Url, (client, _) =>
            client.DefaultRequestHeaders.Accept.ParseAdd("application/json"));
        services.AddSingleton(sp => new StatuspageIncidentSource(sp.GetRequiredService<IHttpClientFactory>()));
        services.AddSingleton<IIncidentSource>(sp => sp.GetRequiredService<StatuspageIncidentSource>());
    }

    private static void AddGitHub(IServiceCollection services, IConfigurationSection section)
    {
        AddOptions<GitHubOptions>(services, section, o => o.ApiBaseUrl, nameof(GitHubOptions.ApiBaseUrl));
        services.AddIntegrationClient<GitHubOptions>(GitHubApi.ClientName, o => o.ApiBaseUrl, (client, o) =>
        {
            client.DefaultRequestHeaders.Accept.ParseAdd("application/vnd.github+json");
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", o.Token);
            client.DefaultRequestHeaders.Add("X-GitHub-Api-Version", "2022-11-28");
        });
        services.AddSingleton(sp => new GitHubApi(sp.GetRequiredService<IHttpClientFactory>()));
        services.AddSingleton(sp => new GitHubCommitInfo(sp.GetRequiredService<GitHubApi>()));
        services.AddSingleton<ICommitInfo>(sp => sp.GetRequiredService<GitHubCommitInfo>());
        services.AddSingleton(sp => new GitHubTestResults(sp.GetRequiredService<GitHubApi>()));
        services.AddSingleton<ITestResults>(sp => sp.GetRequiredService<GitHubTestResults>());
    }

    /// <summary>Binds <paramref name="section"/> and validates the URL and timeouts at start, naming the key at fault.</summary>
    private static OptionsBuilder<TOptions> AddOptions<TOptions>(
        IServiceCollection services, IConfigurationSection section, Func<TOptions, string?> url, string urlKey)
        where TOptions : IntegrationHttpOptions
    {
        return services.AddOptions<TOptions>()
            .Bind(section)
            .Validate(o => IntegrationHttpClients.IsHttpUrl(url(o)), $"{section.Path}:{urlKey} must be an absolute http(s) URL")
            .Validate(IntegrationHttpClients.HasSaneTimeouts, $"{section.Path}:Timeout must be positive, {section.Path}:MaxRetries 0-3 and {section.Path}:RetryDelay not negative")
            .ValidateOnStart();
    }

    private static bool IsSet(IConfiguration configuration, string section, string key) =>
        !string.IsNullOrWhiteSpace(configuration[$"{section}:{key}"]);
}
