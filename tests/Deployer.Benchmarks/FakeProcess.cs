using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Deployer.Core.Manifests;
using Deployer.Integrations.ManifestFiles;

namespace Deployer.Benchmarks;

/// <summary>The fake outside systems, in a child process (default) or in this one (<c>--fakes-in-process</c>).</summary>
public sealed class FakeProcess : IAsyncDisposable
{
    private static readonly HttpClient Control = new() { Timeout = TimeSpan.FromSeconds(30) };
    private readonly ChildProcess? _child;
    private readonly FakeOutside? _inProcess;

    private FakeProcess(string url, ChildProcess? child, FakeOutside? inProcess)
    {
        Url = url;
        _child = child;
        _inProcess = inProcess;
    }

    public string Url { get; }

    public ChildProcess? Child => _child;

    public static async Task<FakeProcess> StartAsync(string manifestsDirectory, int latencyMs, int diffEvery, bool inProcess, int maxSeconds = 900)
    {
        if (inProcess)
        {
            var fake = new FakeOutside(latencyMs, TimeProvider.System.GetUtcNow());
            fake.LoadWorld(ManifestLoader.LoadDirectory(manifestsDirectory).Manifests, diffEvery);
            await fake.StartAsync();
            return new FakeProcess(fake.Url, null, fake);
        }

        var child = ChildProcess.StartSelf(["fakes", "--manifests", manifestsDirectory, "--latency-ms", latencyMs.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--diff-every", diffEvery.ToString(System.Globalization.CultureInfo.InvariantCulture), "--max-seconds", maxSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        var line = await child.WaitForLineAsync("FAKE_URL=", TimeSpan.FromSeconds(60));
        return new FakeProcess(line["FAKE_URL=".Length..].Trim(), child, null);
    }

    /// <summary>The <c>fakes</c> scenario: serve until stdin closes, <c>--max-seconds</c> pass, or the parent dies.</summary>
    public static async Task<int> RunChildAsync(BenchOptions options)
    {
        var fake = new FakeOutside(options.Int("latency-ms", 20), TimeProvider.System.GetUtcNow());
        if (options.String("manifests") is { } dir)
        {
            fake.LoadWorld(ManifestLoader.LoadDirectory(dir).Manifests, options.Int("diff-every", 10));
        }

        await fake.StartAsync(options.Int("port", 0));
        Console.WriteLine("FAKE_URL=" + fake.Url);
        var stdinClosed = Task.Run(() =>
        {
            while (Console.In.ReadLine() is not null)
            {
            }
        });
        await Task.WhenAny(stdinClosed, Task.Delay(TimeSpan.FromSeconds(options.Int("max-seconds", 900))));
        await fake.DisposeAsync();
        return 0;
    }

    public async Task<JsonObject> StatsAsync() =>
        _inProcess?.Stats() ?? (await Control.GetFromJsonAsync<JsonObject>(Url + "/_stats"))!;

    public async Task ResetAsync()
    {
        if (_inProcess is not null)
        {
            _inProcess.Reset();
            return;
        }

        using var _ = await Control.PostAsync(Url + "/_reset", null);
    }

    public async Task SetLatencyAsync(int ms)
    {
        if (_inProcess is not null)
        {
            _inProcess.LatencyMs = ms;
            return;
        }

        using var _ = await Control.PostAsync($"{Url}/_latency?ms={ms}", null);
    }

    public async ValueTask DisposeAsync()
    {
        if (_inProcess is not null)
        {
            await _inProcess.DisposeAsync();
        }

        if (_child is not null)
        {
            await _child.DisposeAsync();
        }
    }
}
