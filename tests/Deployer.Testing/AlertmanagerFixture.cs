using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Xunit;

namespace Deployer.Testing;

/// <summary>
/// A real Alertmanager (Debian's <c>prometheus-alertmanager</c>) on a free loopback port, no clustering, storage in a
/// temp folder. Missing binary: every test using it fails with how to install it — never a silent skip.
/// </summary>
public sealed class AlertmanagerFixture : IAsyncLifetime
{
    private static readonly string[] Candidates = ["/usr/bin/prometheus-alertmanager", "/usr/local/bin/alertmanager", "/usr/bin/alertmanager"];
    private readonly StringBuilder _log = new();
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(5) };
    private Process? _process;
    private string? _folder;

    public string Url { get; private set; } = "";

    public async Task InitializeAsync()
    {
        var binary = Candidates.FirstOrDefault(File.Exists) ?? throw new InvalidOperationException(
            "Alertmanager is not installed, and these tests run against a real one. Install it with "
            + "`sudo apt-get install -y prometheus-alertmanager` (./test.sh does this)"
            + (Environment.GetEnvironmentVariable("CI") == "true" ? "; on CI, .ci/run must install it before the tests." : "."));

        _folder = Directory.CreateTempSubdirectory("deployer-am-").FullName;
        var config = Path.Combine(_folder, "alertmanager.yml");
        await File.WriteAllTextAsync(config, "route: {receiver: \"null\"}\nreceivers: [{name: \"null\"}]\n");
        var port = LoopbackPort.Free();
        Url = $"http://127.0.0.1:{port}";

        var start = new ProcessStartInfo(binary)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[]
                 {
                     $"--config.file={config}", $"--storage.path={Path.Combine(_folder, "data")}",
                     $"--web.listen-address=127.0.0.1:{port}", "--cluster.listen-address=",
                 })
        {
            start.ArgumentList.Add(arg);
        }

        _process = new Process { StartInfo = start };
        _process.OutputDataReceived += (_, e) => Log(e.Data);
        _process.ErrorDataReceived += (_, e) => Log(e.Data);
        _process.Start();
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();

        await Eventually.TrueAsync(async () =>
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"Alertmanager exited with code {_process.ExitCode}: {LogText()}");
            }

            try
            {
                using var ready = await _http.GetAsync(new Uri($"{Url}/-/ready"));
                return ready.StatusCode == HttpStatusCode.OK;
            }
            catch (HttpRequestException)
            {
                return false;
            }
        }, "Alertmanager to become ready", TimeSpan.FromSeconds(20), TimeSpan.FromMilliseconds(25));
    }

    /// <summary>Posts alerts (<c>{labels, startsAt?, endsAt?}</c>) and waits until Alertmanager lists every one of them.</summary>
    public async Task PostAlertsAsync(params object[] alerts)
    {
        using var response = await _http.PostAsJsonAsync(new Uri($"{Url}/api/v2/alerts"), alerts);
        response.EnsureSuccessStatusCode();
    }

    /// <summary>Silences alerts with <paramref name="label"/>=<paramref name="value"/>; returns the silence id.</summary>
    public async Task<string> SilenceAsync(string label, string value)
    {
        var silence = new
        {
            matchers = new[] { new { name = label, value, isRegex = false, isEqual = true } },
            startsAt = TimeProvider.System.GetUtcNow().AddMinutes(-1),
            endsAt = TimeProvider.System.GetUtcNow().AddHours(1),
            createdBy = "deployer-tests",
            comment = "silenced by a test",
        };
        using var response = await _http.PostAsJsonAsync(new Uri($"{Url}/api/v2/silences"), silence);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("silenceID").GetString()!;
    }

    /// <summary>The states Alertmanager reports for alerts matching <paramref name="filter"/> (no other filters).</summary>
    public async Task<IReadOnlyList<string>> StatesAsync(string filter)
    {
        var alerts = await _http.GetFromJsonAsync<JsonElement>(new Uri($"{Url}/api/v2/alerts?filter={Uri.EscapeDataString(filter)}"));
        return alerts.EnumerateArray().Select(a => a.GetProperty("status").GetProperty("state").GetString()!).ToList();
    }

    /// <summary>Waits (short polls, bounded) until Alertmanager reports <paramref name="expected"/> for <paramref name="filter"/>.</summary>
    public Task WaitForStatesAsync(string filter, params string[] expected) =>
        Eventually.TrueAsync(async () => (await StatesAsync(filter)).Order().SequenceEqual(expected.Order()),
            $"Alertmanager to report [{string.Join(", ", expected)}] for {filter}", TimeSpan.FromSeconds(10), TimeSpan.FromMilliseconds(25));

    public async Task DisposeAsync()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process?.Dispose();
        _http.Dispose();
        if (_folder is not null)
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    private void Log(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_log)
        {
            _log.AppendLine(line);
        }
    }

    private string LogText()
    {
        lock (_log)
        {
            return _log.ToString();
        }
    }
}
