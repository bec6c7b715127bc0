using System.Text.Json.Serialization;
using Deployer.Bot.ChatOps;
using Deployer.Bot.Dashboard;
using Deployer.Bot.Endpoints;
using Deployer.Integrations.Extensions;
using Deployer.Integrations.Heroku;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Metrics;

namespace Deployer.Bot.Extensions;

/// <summary>The whole bot in two calls: <see cref="AddDeployer"/> on the builder, <see cref="MapDeployer"/> on the app.</summary>
public static class DeployerApplicationExtensions
{
    /// <summary>Store, engine, local mode, scheduling and telemetry, configured from <c>builder.Configuration</c>.</summary>
    public static WebApplicationBuilder AddDeployer(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var configuration = builder.Configuration;
        builder.Services.ConfigureHttpJsonOptions(o => o.SerializerOptions.Converters.Add(new JsonStringEnumConverter()));
        builder.Services.AddOptions<TestResultsOptions>().Bind(configuration.GetSection(TestResultsOptions.Section));
        builder.Services
            .AddDeployerTelemetry()
            .AddDeployerStore(configuration)
            .AddDeployerEngine(configuration)
            // Real adapters are registered before local mode's world-file sources so that, where both answer to one
            // source name (alertmanager, librato), the configured real system wins.
            .AddDeployerIntegrations(configuration)
            .AddLocalMode(configuration)
            .AddDeployerScheduling(configuration)
            .AddChatOps(configuration)
            .AddDashboard(configuration)
            .AddDeployerHealth();
        if (builder.Services.Any(d => d.ServiceType == typeof(HerokuPlatform)))
        {
            // Webhook deliveries name apps; the receiver maps them to the loaded manifests' targets.
            builder.Services.AddSingleton<HerokuWebhookReceiver>();
        }

        return builder;
    }

    /// <summary>The dashboard (<c>/</c>, <c>/pipelines/{service}</c>, <c>/events</c>), <c>/healthz</c>, <c>/api/pipelines</c>, <c>/api/audit</c>, <c>/api/test-results</c> and <c>/metrics</c>.</summary>
    public static WebApplication MapDeployer(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapHealth();
        app.MapPipelines();
        app.MapAudit();
        app.MapTestResults();
        app.MapHerokuWebhooks();
        app.MapPrometheusScrapingEndpoint("/metrics");
        app.MapChatOps();
        app.MapDashboard();
        return app;
    }
}
