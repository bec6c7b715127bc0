using System.Globalization;

namespace Deployer.Benchmarks;

/// <summary>One app of the fake Heroku: what it runs now (slug, version, created-at), read and changed under a lock.</summary>
public sealed class FakeHerokuApp(string name, string id, string stage, string slugId, long version, DateTimeOffset createdAt)
{
    private readonly Lock _gate = new();
    private string _slugId = slugId;
    private long _version = version;
    private DateTimeOffset _createdAt = createdAt;

    public string Name => name;

    public string Id => id;

    public string Stage => stage;

    public (string SlugId, long Version, DateTimeOffset CreatedAt) Read()
    {
        lock (_gate)
        {
            return (_slugId, _version, _createdAt);
        }
    }

    public string SlugId
    {
        get
        {
            lock (_gate)
            {
                return _slugId;
            }
        }
    }

    /// <summary>A new release running <paramref name="slug"/> (a promotion keeps the source release's created-at).</summary>
    public void Deploy(string slug, DateTimeOffset createdAt)
    {
        lock (_gate)
        {
            _slugId = slug;
            _version++;
            _createdAt = createdAt;
        }
    }

    /// <summary>The current release as Heroku's release object, with <c>app</c> (as latest-releases and webhooks give it).</summary>
    public string ReleaseJson()
    {
        var (slug, version, created) = Read();
        return $"{{\"id\":\"{ManifestGenerator.DeterministicGuid($"rel:{name}:{version}")}\",\"version\":{version},\"status\":\"succeeded\",\"current\":true,"
            + $"\"created_at\":\"{created.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture)}\",\"slug\":{{\"id\":\"{slug}\"}},"
            + $"\"description\":\"Deploy {slug[..7]}\",\"app\":{{\"id\":\"{id}\",\"name\":\"{name}\"}}}}";
    }
}
