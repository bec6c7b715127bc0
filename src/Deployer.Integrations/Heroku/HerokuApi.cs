using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using Deployer.Integrations.Http;

namespace Deployer.Integrations.Heroku;

/// <summary>
/// The Heroku Platform API over the named <c>heroku</c> client: auth headers, error bodies, the rate budget,
/// Range pagination, and the caches of things that never change (slugs, app ids).
/// </summary>
internal sealed class HerokuApi(IHttpClientFactory clients, HerokuRateBudget budget)
{
    public const string System = "Heroku";
    public const string ClientName = "heroku";
    private const int MaxPages = 50;
    private const int MaxCacheEntries = 10_000;

    private readonly ConcurrentDictionary<string, HerokuSlug> _slugs = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Lazy<Task<HerokuSlug>>> _slugFetches = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, string> _appIds = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, string> _pipelineIds = new(StringComparer.OrdinalIgnoreCase);
    private readonly AsyncLocal<CallTally?> _tally = new();

    public HerokuRateBudget Budget => budget;

    public async Task<T> GetAsync<T>(string path, string? range, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (range is not null)
        {
            request.Headers.TryAddWithoutValidation("Range", range);
        }

        using var response = await SendAsync(request, cancellationToken);
        return await IntegrationHttp.ReadJsonAsync<T>(response, System, IntegrationJson.SnakeCase, cancellationToken);
    }

    /// <summary>A list across all its pages: while Heroku answers 206 with <c>Next-Range</c>, send that back as <c>Range</c>.</summary>
    public async Task<IReadOnlyList<T>> GetPagedAsync<T>(string path, string? range, CancellationToken cancellationToken)
    {
        var items = new List<T>();
        for (var page = 0; page < MaxPages; page++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, path);
            if (range is not null)
            {
                request.Headers.TryAddWithoutValidation("Range", range);
            }

            using var response = await SendAsync(request, cancellationToken);
            items.AddRange(await IntegrationHttp.ReadJsonAsync<List<T>>(response, System, IntegrationJson.SnakeCase, cancellationToken));
            if (response.StatusCode != HttpStatusCode.PartialContent
                || !response.Headers.TryGetValues("Next-Range", out var next)
                || next.FirstOrDefault() is not { Length: > 0 } nextRange)
            {
                return items;
            }

            range = nextRange;
        }

        throw new IntegrationException(System, $"{path} has more than {MaxPages} pages");
    }

    public async Task<T> PostAsync<T>(string path, object body, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path)
        {
            Content = JsonContent.Create(body, body.GetType(), options: IntegrationJson.SnakeCase),
        };
        using var response = await SendAsync(request, cancellationToken);
        return await IntegrationHttp.ReadJsonAsync<T>(response, System, IntegrationJson.SnakeCase, cancellationToken);
    }

    /// <summary>The newest release of <paramref name="app"/> (name or id); null when it has none.</summary>
    public async Task<HerokuRelease?> GetLatestReleaseAsync(string app, CancellationToken cancellationToken)
    {
        var releases = await GetAsync<List<HerokuRelease>>($"apps/{IntegrationHttp.Segment(app)}/releases", "version ..; order=desc, max=1", cancellationToken);
        return releases.Count == 0 ? null : releases.MaxBy(r => r.Version);
    }

    /// <summary>
    /// A slug, from the cache when seen before (slugs never change). Concurrent misses for one slug id share one GET,
    /// so a cold start asks once per slug, not once per target running it; a failed fetch is not kept, the next call retries.
    /// </summary>
    public async Task<HerokuSlug> GetSlugAsync(string app, string slugId, CancellationToken cancellationToken)
    {
        if (_slugs.TryGetValue(slugId, out var cached))
        {
            return cached;
        }

        // The shared fetch runs without any caller's token, so one caller giving up cannot fail the others;
        // it is still bounded by the client's timeout. Each caller stops waiting on its own token.
        var fetch = _slugFetches.GetOrAdd(slugId, id => new Lazy<Task<HerokuSlug>>(() => FetchSlugAsync(app, id)));
        return await fetch.Value.WaitAsync(cancellationToken);
    }

    private async Task<HerokuSlug> FetchSlugAsync(string app, string slugId)
    {
        try
        {
            // A fetch that just finished may have filled the cache between our miss and this fetch starting.
            if (_slugs.TryGetValue(slugId, out var cached))
            {
                return cached;
            }

            var slug = await GetAsync<HerokuSlug>($"apps/{IntegrationHttp.Segment(app)}/slugs/{IntegrationHttp.Segment(slugId)}", null, CancellationToken.None);
            Remember(_slugs, slugId, slug);
            return slug;
        }
        finally
        {
            // Only this fetch ever removes its own entry, and a new one is added only once it is gone.
            _slugFetches.TryRemove(slugId, out _);
        }
    }

    /// <summary>
    /// The newest release of every app coupled to <paramref name="pipeline"/> (id or name): one call for a whole
    /// pipeline, where reading app by app costs one call per target.
    /// </summary>
    public async Task<IReadOnlyList<HerokuRelease>> GetPipelineLatestReleasesAsync(string pipeline, CancellationToken cancellationToken)
    {
        var id = await ResolvePipelineIdAsync(pipeline, cancellationToken);
        var releases = await GetPagedAsync<HerokuRelease>($"pipelines/{IntegrationHttp.Segment(id)}/latest-releases", null, cancellationToken);

        // Each release names its app by id and name: what a GET /apps/{name} per target would tell, for free.
        foreach (var release in releases)
        {
            if (release.App is { Id: { Length: > 0 } appId, Name: { Length: > 0 } name } && !_appIds.ContainsKey(name))
            {
                Remember(_appIds, name, appId);
            }
        }

        return releases;
    }

    /// <summary>The app id already known for <paramref name="app"/> (an id, or a name resolved before), without calling.</summary>
    public string? KnownAppId(string app) => Guid.TryParse(app, out _) ? app : _appIds.TryGetValue(app, out var id) ? id : null;

    /// <summary>Counts the calls made on this async flow until disposed (what one snapshot read cost).</summary>
    public CallTally Count()
    {
        var tally = new CallTally(this, _tally.Value);
        _tally.Value = tally;
        return tally;
    }

    /// <summary>The app id for a target (name or id); promotion bodies need ids. Resolved once, then cached.</summary>
    public async Task<string> ResolveAppIdAsync(string app, CancellationToken cancellationToken)
    {
        if (Guid.TryParse(app, out _))
        {
            return app;
        }

        if (_appIds.TryGetValue(app, out var id))
        {
            return id;
        }

        var resolved = await GetAsync<HerokuApp>($"apps/{IntegrationHttp.Segment(app)}", null, cancellationToken);
        Remember(_appIds, app, resolved.Id);
        return resolved.Id;
    }

    /// <summary>Latest-releases takes a pipeline id; a manifest may name the pipeline instead. Resolved once, then cached.</summary>
    private async Task<string> ResolvePipelineIdAsync(string pipeline, CancellationToken cancellationToken)
    {
        if (Guid.TryParse(pipeline, out _))
        {
            return pipeline;
        }

        if (_pipelineIds.TryGetValue(pipeline, out var id))
        {
            return id;
        }

        var resolved = await GetAsync<HerokuPipeline>($"pipelines/{IntegrationHttp.Segment(pipeline)}", null, cancellationToken);
        Remember(_pipelineIds, pipeline, resolved.Id);
        return resolved.Id;
    }

    private async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        _tally.Value?.Add();
        var client = clients.CreateClient(ClientName);
        var response = await IntegrationHttp.SendAsync(client, request, System, cancellationToken);
        try
        {
            if (response.Headers.TryGetValues("RateLimit-Remaining", out var values)
                && int.TryParse(values.FirstOrDefault(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var remaining))
            {
                budget.Report(remaining);
            }

            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                budget.ReportExhausted();
            }

            await IntegrationHttp.EnsureSuccessAsync(response, System, cancellationToken);
            return response;
        }
        catch
        {
            response.Dispose();
            throw;
        }
    }

    /// <summary>Calls made within one <see cref="Count"/> scope.</summary>
    public sealed class CallTally : IDisposable
    {
        private readonly HerokuApi _api;
        private readonly CallTally? _outer;
        private int _calls;

        internal CallTally(HerokuApi api, CallTally? outer)
        {
            _api = api;
            _outer = outer;
        }

        public int Calls => Volatile.Read(ref _calls);

        internal void Add()
        {
            Interlocked.Increment(ref _calls);
            _outer?.Add();
        }

        public void Dispose() => _api._tally.Value = _outer;
    }

    private static void Remember<TValue>(ConcurrentDictionary<string, TValue> cache, string key, TValue value)
    {
        if (cache.Count >= MaxCacheEntries)
        {
            cache.Clear();
        }

        cache[key] = value;
    }
}
