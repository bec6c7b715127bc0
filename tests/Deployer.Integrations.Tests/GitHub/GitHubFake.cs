using Deployer.Integrations.Tests.Fakes;
using Microsoft.Extensions.DependencyInjection;

namespace Deployer.Integrations.Tests.GitHub;

/// <summary>Builds the GitHub adapters against a fake server.</summary>
public static class GitHubFake
{
    public const string Sha = "1111111aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
    public const string OtherSha = "2222222bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb";

    public static ServiceProvider Services(FakeHttpServer server, string timeout = "00:00:05") =>
        IntegrationHost.Build(IntegrationHost.FastHttp("GitHub", timeout)
            .With("GitHub:ApiBaseUrl", server.Url + "/api/v3")
            .With("GitHub:Token", "gh-token"));
}
