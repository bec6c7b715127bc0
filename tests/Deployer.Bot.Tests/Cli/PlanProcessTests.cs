using System.Diagnostics;
using System.Text.Json;
using Deployer.Bot.Tests.Support;

namespace Deployer.Bot.Tests.Cli;

/// <summary><c>plan</c> run as a process against the shipped sample manifests.</summary>
public sealed class PlanProcessTests : IDisposable
{
    private static readonly string[] Decisions = ["InSync", "Promote", "Blocked", "Held"];
    private static readonly string[] Outcomes = ["pass", "fail", "unknown", "shadow-fail"];
    private readonly TempDir _dir = new();

    private static string SamplesWorld => Path.Combine(AppContext.BaseDirectory, "Cli", "samples-world.json");
    private static string Manifests => Path.Combine(RepoPaths.Root, "manifests");

    [Fact]
    public async Task Plan_json_on_the_shipped_samples_decides_every_pair_from_the_world()
    {
        var (exit, stdout, stderr) = await RunAsync("plan", "--manifests", Manifests, "--world", SamplesWorld, "--json");

        Assert.True(exit == 0, $"exit {exit}: {stderr}");
        var plan = JsonDocument.Parse(stdout).RootElement.EnumerateArray().ToList();
        Assert.Equal(4, plan.Count);
        foreach (var entry in plan)
        {
            Assert.Contains(entry.GetProperty("decision").GetString(), Decisions);
            Assert.All(entry.GetProperty("checks").EnumerateArray(), c => Assert.Contains(c.GetProperty("outcome").GetString(), Outcomes));
        }

        string Decision(string service, string to) =>
            plan.Single(e => e.GetProperty("service").GetString() == service && e.GetProperty("to").GetString() == to).GetProperty("decision").GetString()!;
        Assert.Equal("Promote", Decision("router", "production"));
        Assert.Equal("InSync", Decision("checkout", "staging"));
        Assert.Equal("Held", Decision("checkout", "production"));
        Assert.Equal("Blocked", Decision("billing", "production"));
        var billing = plan.Single(e => e.GetProperty("service").GetString() == "billing");
        Assert.Equal("aaa1111cccc3", billing.GetProperty("commit").GetString());
        var age = billing.GetProperty("checks").EnumerateArray().Single(c => c.GetProperty("check").GetString() == "release-age");
        Assert.Equal("fail", age.GetProperty("outcome").GetString());
        Assert.Contains("needs 2m", age.GetProperty("reason").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Plan_prints_a_table_for_one_service()
    {
        var (exit, stdout, _) = await RunAsync("plan", "--manifests", Manifests, "--world", SamplesWorld, "--service", "router");

        Assert.Equal(0, exit);
        Assert.Contains("router   staging→production  9f1c2ab  PROMOTE", stdout, StringComparison.Ordinal);
        Assert.Contains("pass        release-age:", stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("billing", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_bad_world_file_exits_2_with_the_problem()
    {
        var world = _dir.Write("world.json", """{ "releases": { "router-staging-us": { "version": 1 } }, "colour": "blue" }""");

        var (exit, stdout, stderr) = await RunAsync("plan", "--manifests", Manifests, "--world", world, "--json");

        Assert.Equal(2, exit);
        Assert.Equal("", stdout.Trim());
        Assert.Contains("world.json: $.releases['router-staging-us']: missing required property 'commit'", stderr.Replace("[\"", "['", StringComparison.Ordinal).Replace("\"]", "']", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.Contains("colour", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_bad_manifest_exits_2()
    {
        _dir.Write("manifests/bad.json", """{ "service": "bad", "stages": [ { "name": "s" } ] }""");
        var (exit, _, stderr) = await RunAsync("plan", "--manifests", _dir.File("manifests"), "--world", SamplesWorld);
        Assert.Equal(2, exit);
        Assert.Contains("bad.json", stderr, StringComparison.Ordinal);

        (exit, _, stderr) = await RunAsync("plan", "--manifests", _dir.File("manifests"));
        Assert.Equal(2, exit);
        Assert.Contains("bad.json", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_a_world_plan_asks_the_configured_platforms_and_the_stores_holds_and_promotes_nothing()
    {
        _dir.Write("manifests/demo.json", TestBot.DemoManifest);
        var env = new Dictionary<string, string?> { ["Store__Path"] = _dir.File("deployer.db"), ["Local__WorldFile"] = "" };

        var (exit, stdout, stderr) = await BotProcess.RunAsync(env, "plan", "--manifests", _dir.File("manifests"), "--json");

        Assert.True(exit == 0, $"exit {exit}: {stderr}");
        var entry = Assert.Single(JsonDocument.Parse(stdout).RootElement.EnumerateArray());
        Assert.Equal(("demo", "staging", "production"), (entry.GetProperty("service").GetString(), entry.GetProperty("from").GetString(), entry.GetProperty("to").GetString()));
        // The local platform seeds staging ahead of production with a bake time of 1s: ready to promote.
        Assert.Equal("Promote", entry.GetProperty("decision").GetString());
        Assert.Contains(entry.GetProperty("checks").EnumerateArray(), c => c.GetProperty("check").GetString() == "hold" && c.GetProperty("outcome").GetString() == "pass");

        // The same plan twice: nothing was promoted in between, so the decision is the same.
        var (_, again, _) = await BotProcess.RunAsync(env, "plan", "--manifests", _dir.File("manifests"), "--json");
        Assert.Equal(entry.GetProperty("decision").GetString(), JsonDocument.Parse(again).RootElement[0].GetProperty("decision").GetString());
        Assert.Equal(entry.GetProperty("commit").GetString(), JsonDocument.Parse(again).RootElement[0].GetProperty("commit").GetString());
    }

    private static async Task<(int Exit, string Stdout, string Stderr)> RunAsync(params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(RepoPaths.BotDll);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout, await stderr);
    }

    public void Dispose() => _dir.Dispose();
}
