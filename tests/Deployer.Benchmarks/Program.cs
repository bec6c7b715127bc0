using Deployer.Benchmarks;

BenchOptions options;
try
{
    options = BenchOptions.Parse(args);
}
catch (ArgumentException ex)
{
    await Console.Error.WriteLineAsync(ex.Message);
    return 2;
}

if (options.Scenario == "fakes")
{
    return await FakeProcess.RunChildAsync(options);
}

if (options.Scenario == "micro")
{
    return MicroBenchmarks.Run(options);
}

BotProcess.UseLaunchEnvironment = !options.Has("no-launch-env");
if (options.Has("published"))
{
    if (!options.Json)
    {
        Console.Error.WriteLine("publishing the bot (ReadyToRun) into artifacts/bot ...");
    }

    await BotProcess.PublishAsync();
}

var scenarios = options.Scenario == "all" ? ["startup", "audit", "cycle", "memory", "commands", "dashboard"] : new[] { options.Scenario };
var exit = 0;
foreach (var scenario in scenarios)
{
    Func<BenchOptions, Task<Report>> run = scenario switch
    {
        "cycle" => CycleScenario.RunAsync,
        "commands" => CommandsScenario.RunAsync,
        "memory" => MemoryScenario.RunAsync,
        "startup" => StartupScenario.RunAsync,
        "audit" => AuditScenario.RunAsync,
        "failover" => FailoverScenario.RunAsync,
        "dashboard" => DashboardScenario.RunAsync,
        "heroku-budget" => HerokuBudgetScenario.RunAsync,
        _ => throw new ArgumentException($"unknown scenario '{scenario}'"),
    };
    if (!options.Json)
    {
        Console.Error.WriteLine($"running {scenario} ...");
    }

    using var limit = new CancellationTokenSource(TimeSpan.FromMinutes(options.Int("max-minutes", 10)));
    var loadBefore = MachineCpu.LoadAverage();
    var task = run(options);
    if (await Task.WhenAny(task, Task.Delay(Timeout.Infinite, limit.Token).ContinueWith(_ => { }, TaskScheduler.Default)) != task)
    {
        await Console.Error.WriteLineAsync($"{scenario}: gave up after --max-minutes");
        return 3;
    }

    var report = await task;
    if (scenario is "startup" or "memory" or "commands" or "dashboard" or "heroku-budget")
    {
        var launch = BotProcess.LaunchEnvironment();
        report.Add("bot", Path.GetRelativePath(BotComposition.RepoRoot(), BotProcess.FindDll(options)),
            BotProcess.PublishedDll is null ? "the Release build (dotnet build); --published for the deployed form" : "published with ReadyToRun, as deployed");
        report.Add("launchEnv", launch.Count == 0 ? "none" : string.Join(",", launch.Select(kv => $"{kv.Key}={kv.Value}")),
            "from src/Deployer.Bot/Properties/launchSettings.json, as `dotnet run` applies it; --no-launch-env for none");
    }

    report.Add("loadAverageBefore", loadBefore, "1/5/15-minute load before the run: other work on the machine skews figures");
    report.Print(Console.Out, options.Json);
    if (!report.AllMet)
    {
        exit = 1;
    }
}

return exit;
