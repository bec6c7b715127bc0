using System.Diagnostics;
using System.Net;

namespace Deployer.Benchmarks;

/// <summary>The built <c>Deployer.Bot.dll</c> as a child process on a scratch content root.</summary>
public static class BotProcess
{
    /// <summary>Set by <c>--published</c>: the bot as deployed, published with ReadyToRun into <c>artifacts/bot</c>.</summary>
    public static string? PublishedDll { get; private set; }

    /// <summary>
    /// <c>--published</c>: publishes the bot the way a deployment does (<c>dotnet publish src/Deployer.Bot -c Release
    /// -r linux-x64 -p:PublishReadyToRun=true -o artifacts/bot</c>), fresh for this run, so its figures are never those
    /// of a stale copy. Returns the published dll.
    /// </summary>
    public static async Task<string> PublishAsync()
    {
        var output = Path.Combine(BotComposition.RepoRoot(), "artifacts", "bot");
        var project = Path.Combine(BotComposition.RepoRoot(), "src", "Deployer.Bot");
        var info = new ProcessStartInfo("dotnet")
        {
            ArgumentList = { "publish", project, "-c", "Release", "-r", "linux-x64", "--self-contained", "false", "-p:PublishReadyToRun=true", "-o", output, "--nologo" },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var publish = Process.Start(info) ?? throw new InvalidOperationException("cannot start dotnet publish");
        var stdout = publish.StandardOutput.ReadToEndAsync();
        var stderr = publish.StandardError.ReadToEndAsync();
        await publish.WaitForExitAsync();
        if (publish.ExitCode != 0)
        {
            throw new InvalidOperationException($"dotnet publish failed ({publish.ExitCode}):\n{await stdout}\n{await stderr}");
        }

        PublishedDll = Path.Combine(output, "Deployer.Bot.dll");
        return PublishedDll;
    }

    /// <summary><c>--bot-dll</c>, else the published bot (<c>--published</c>), else the Deployer.Bot build next to this program's own artifacts folder.</summary>
    public static string FindDll(BenchOptions options)
    {
        if (options.String("bot-dll") is { } configured)
        {
            return Path.GetFullPath(configured);
        }

        if (PublishedDll is not null)
        {
            return PublishedDll;
        }

        var here = AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar);
        var candidates = new[]
        {
            // artifacts layout: bin/Deployer.Benchmarks/release → bin/Deployer.Bot/release
            Path.Combine(here, "..", "..", "Deployer.Bot", Path.GetFileName(here), "Deployer.Bot.dll"),
            // classic layout: tests/Deployer.Benchmarks/bin/Release/net10.0 → src/Deployer.Bot/bin/Release/net10.0
            Path.Combine(here, "..", "..", "..", "..", "..", "src", "Deployer.Bot", "bin", "Release", "net10.0", "Deployer.Bot.dll"),
            Path.Combine(here, "Deployer.Bot.dll"),
        };
        return candidates.Select(Path.GetFullPath).FirstOrDefault(p => File.Exists(p) && File.Exists(Path.ChangeExtension(p, ".runtimeconfig.json")))
            ?? throw new FileNotFoundException("cannot find a runnable Deployer.Bot.dll; pass --bot-dll", candidates[0]);
    }

    /// <summary><c>--env K=V,K2=V2</c>: extra environment for the bot (e.g. <c>DOTNET_gcServer=0</c>).</summary>
    public static void AddEnv(BenchOptions options, IDictionary<string, string?> env)
    {
        foreach (var extra in (options.String("env") ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries))
        {
            var kv = extra.Split('=', 2);
            env[kv[0]] = kv.Length > 1 ? kv[1] : "";
        }
    }

    public static int FreePort() => LoopbackPort.Free();

    /// <summary>
    /// Whether child bots get the environment of <c>src/Deployer.Bot/Properties/launchSettings.json</c>, as
    /// <c>dotnet run --project src/Deployer.Bot</c> gives it (the GC settings the runtime reads only from the
    /// environment). <c>--no-launch-env</c> turns it off to measure the bare binary.
    /// </summary>
    public static bool UseLaunchEnvironment { get; set; } = true;

    /// <summary>The launch profile's <c>environmentVariables</c> (empty when off or when the file is missing).</summary>
    public static IReadOnlyDictionary<string, string> LaunchEnvironment()
    {
        var path = Path.Combine(BotComposition.RepoRoot(), "src", "Deployer.Bot", "Properties", "launchSettings.json");
        if (!UseLaunchEnvironment || !File.Exists(path))
        {
            return new Dictionary<string, string>();
        }

        var profiles = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(path))?["profiles"]?.AsObject();
        var variables = profiles?.FirstOrDefault().Value?["environmentVariables"]?.AsObject();
        return variables?.ToDictionary(v => v.Key, v => (string?)v.Value ?? "") ?? [];
    }

    public static ChildProcess Start(string dll, string contentRoot, int port, IDictionary<string, string?>? environment = null)
    {
        var env = new Dictionary<string, string?>
        {
            ["DEPLOYER_ROOT"] = contentRoot,
            ["Urls"] = $"http://127.0.0.1:{port}",
            ["DOTNET_NOLOGO"] = "1",
        };
        foreach (var (k, v) in LaunchEnvironment())
        {
            env[k] = v;
        }

        foreach (var (k, v) in environment ?? new Dictionary<string, string?>())
        {
            env[k] = v;
        }

        return ChildProcess.Start("dotnet", [dll], env, contentRoot);
    }

    /// <summary>Polls <c>/healthz</c> until it answers 200; returns the elapsed time since <paramref name="started"/>.</summary>
    public static async Task<TimeSpan> WaitHealthyAsync(ChildProcess bot, int port, long started, TimeSpan timeout)
    {
        using var client = new HttpClient(new SocketsHttpHandler { UseProxy = false, ConnectTimeout = TimeSpan.FromSeconds(1) }) { Timeout = TimeSpan.FromSeconds(5) };
        var url = $"http://127.0.0.1:{port}/healthz";
        while (Stopwatch.GetElapsedTime(started) < timeout)
        {
            if (bot.HasExited)
            {
                throw new InvalidOperationException("the bot exited during start-up:\n" + string.Join('\n', bot.Output.TakeLast(30)));
            }

            try
            {
                using var response = await client.GetAsync(url);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return Stopwatch.GetElapsedTime(started);
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            await Task.Delay(5);
        }

        throw new TimeoutException($"/healthz not ready within {timeout}:\n" + string.Join('\n', bot.Output.TakeLast(30)));
    }
}
