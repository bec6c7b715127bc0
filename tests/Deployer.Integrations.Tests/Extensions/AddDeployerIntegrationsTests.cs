using Deployer.Core.Ports;
using Deployer.Integrations.Alertmanager;
using Deployer.Integrations.CommandPlatform;
using Deployer.Integrations.GitHub;
using Deployer.Integrations.Heroku;
using Deployer.Integrations.Librato;
using Deployer.Integrations.PagerDuty;
using Deployer.Integrations.Statuspage;
using Deployer.Integrations.Tests.Fakes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Deployer.Integrations.Tests.Extensions;

public sealed class AddDeployerIntegrationsTests
{
    private static Dictionary<string, string?> Everything() => new()
    {
        ["Heroku:ApiToken"] = "h",
        ["Alertmanager:Url"] = "http://127.0.0.1:9093",
        ["Librato:Email"] = "ops@example.com",
        ["Librato:Token"] = "l",
        ["PagerDuty:ApiKey"] = "p",
        ["Statuspage:Url"] = "https://status.example.com",
        ["GitHub:Token"] = "g",
    };

    [Fact]
    public void With_nothing_configured_only_the_command_platform_is_registered()
    {
        using var services = IntegrationHost.Build(new Dictionary<string, string?>());

        var platform = Assert.Single(services.GetServices<IReleasePlatform>());
        Assert.IsType<CommandReleasePlatform>(platform);
        Assert.Empty(services.GetServices<IAlertSource>());
        Assert.Empty(services.GetServices<IIncidentSource>());
        Assert.Null(services.GetService<ITestResults>());
        Assert.Null(services.GetService<ICommitInfo>());
        Assert.Null(services.GetService<HerokuCouplingVerifier>());
    }

    [Fact]
    public void Each_configured_section_registers_its_adapter_as_the_core_port()
    {
        using var services = IntegrationHost.Build(Everything());

        Assert.Equal(["command", "heroku"], services.GetServices<IReleasePlatform>().Select(p => p.Kind).Order());
        Assert.Equal(["alertmanager", "librato"], services.GetServices<IAlertSource>().Select(s => s.Source).Order());
        Assert.Equal(["pagerduty", "statuspage"], services.GetServices<IIncidentSource>().Select(s => s.Source).Order());
        Assert.IsType<GitHubTestResults>(services.GetRequiredService<ITestResults>());
        Assert.IsType<GitHubCommitInfo>(services.GetRequiredService<ICommitInfo>());
        Assert.NotNull(services.GetRequiredService<HerokuCouplingVerifier>());
        Assert.Same(services.GetRequiredService<HerokuPlatform>(), services.GetServices<IReleasePlatform>().OfType<HerokuPlatform>().Single());
        Assert.Equal("https://api.heroku.com", services.GetRequiredService<IOptions<HerokuOptions>>().Value.ApiBaseUrl);
        Assert.Equal("https://api.pagerduty.com", services.GetRequiredService<IOptions<PagerDutyOptions>>().Value.Url);
        Assert.Equal(100, services.GetRequiredService<IOptions<PagerDutyOptions>>().Value.MaxServicesPerRequest);
        Assert.Equal("https://api.github.com", services.GetRequiredService<IOptions<GitHubOptions>>().Value.ApiBaseUrl);
        Assert.Equal("https://metrics-api.librato.com", services.GetRequiredService<IOptions<LibratoOptions>>().Value.Url);
        Assert.NotNull(services.GetRequiredService<AlertmanagerAlertSource>());
        Assert.NotNull(services.GetRequiredService<StatuspageIncidentSource>());
    }

    [Theory]
    [InlineData("Alertmanager:Url", "not a url", "Alertmanager:Url must be an absolute http(s) URL")]
    [InlineData("Heroku:ApiBaseUrl", "ftp://api.heroku.com", "Heroku:ApiBaseUrl must be an absolute http(s) URL")]
    [InlineData("Librato:Email", "", "Librato:Email is required when Librato:Token is set")]
    [InlineData("PagerDuty:PageSize", "500", "PagerDuty:PageSize must be between 1 and 100")]
    [InlineData("PagerDuty:MaxServicesPerRequest", "0", "PagerDuty:MaxServicesPerRequest must be between 1 and 500")]
    [InlineData("PagerDuty:MaxServicesPerRequest", "501", "PagerDuty:MaxServicesPerRequest must be between 1 and 500")]
    [InlineData("GitHub:Timeout", "00:00:00", "GitHub:Timeout must be positive")]
    public void A_bad_setting_fails_validation_naming_the_key(string key, string value, string message)
    {
        using var services = IntegrationHost.Build(Everything().With(key, value));

        var ex = Assert.Throws<OptionsValidationException>(() =>
        {
            foreach (var validator in services.GetServices<IStartupValidator>())
            {
                validator.Validate();
            }
        });

        Assert.Contains(ex.Failures, f => f.StartsWith(message, StringComparison.Ordinal));
    }
}
