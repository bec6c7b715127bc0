namespace Deployer.Benchmarks;

/// <summary>One pipeline of the fake Heroku: its id, name (the service), and its stages' apps in order.</summary>
public sealed class FakePipeline(string id, string name, int index)
{
    public string Id => id;

    public string Name => name;

    /// <summary>The number in the generated service name (<c>svc-0042</c> → 42).</summary>
    public int Index => index;

    public List<List<FakeHerokuApp>> Stages { get; } = [];

    /// <summary>Whether every app after the first stage runs <paramref name="slug"/>.</summary>
    public bool Downstream(string slug) =>
        Stages.Skip(1).SelectMany(s => s).All(a => string.Equals(a.SlugId, slug, StringComparison.OrdinalIgnoreCase));
}
