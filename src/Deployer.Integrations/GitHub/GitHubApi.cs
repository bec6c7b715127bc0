using System.Net;
using Deployer.Core.Manifests;
using Deployer.Integrations.Http;

namespace Deployer.Integrations.GitHub;

/// <summary>GETs against the GitHub REST API over the named <c>github</c> client, and the manifest's <c>owner/name</c> as a path.</summary>
internal sealed class GitHubApi(IHttpClientFactory clients)
{
    public const string System = "GitHub";
    public const string ClientName = "github";

    /// <summary>The body of <paramref name="path"/>; null on 404 (the caller says what was not found).</summary>
    public async Task<T?> GetOrNullAsync<T>(string path, CancellationToken cancellationToken)
        where T : class
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        using var response = await IntegrationHttp.SendAsync(clients.CreateClient(ClientName), request, System, cancellationToken);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }

        await IntegrationHttp.EnsureSuccessAsync(response, System, cancellationToken);
        return await IntegrationHttp.ReadJsonAsync<T>(response, System, IntegrationJson.SnakeCase, cancellationToken);
    }

    /// <summary><c>repos/owner/name</c> for the manifest's <c>repository</c>; throws when it is missing or not <c>owner/name</c>.</summary>
    public static string RepoPath(ServiceManifest manifest)
    {
        var parts = (manifest.Repository ?? "").Trim().Split('/');
        if (parts.Length != 2 || parts.Any(string.IsNullOrWhiteSpace))
        {
            throw new IntegrationException(System, manifest.Repository is null
                ? $"{manifest.Service} has no repository in its manifest"
                : $"{manifest.Service}: repository '{manifest.Repository}' is not owner/name");
        }

        return $"repos/{IntegrationHttp.Segment(parts[0])}/{IntegrationHttp.Segment(parts[1])}";
    }

    /// <summary>A ref for a URL path: escaped, but a branch's slashes kept (<c>release/2024</c>).</summary>
    public static string Ref(string value) => string.Join('/', value.Split('/').Select(IntegrationHttp.Segment));

    /// <summary>True for something that looks like a commit sha (7–40 hex digits): comparisons of two shas never change.</summary>
    public static bool IsSha(string value) => value.Length is >= 7 and <= 40 && value.All(char.IsAsciiHexDigit);
}
