using System.Text;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using Deployer.Core.Commands;
using Deployer.Core.Engine;
using Deployer.Core.Manifests;
using Deployer.Core.Ports;
using Deployer.Core.Releases;
using Deployer.Slack.Inbound;
using Deployer.Slack.Signing;

namespace Deployer.Benchmarks;

/// <summary>
/// <c>micro</c>: BenchmarkDotNet over the hot paths behind the scenarios, in process (no generated project, so it does
/// not build anything): signature check, slash-command parsing, command parsing, one in-sync pipeline evaluation, and
/// one manifest parse (start-up cost per manifest). Pass <c>--filter *Name*</c> to pick.
/// </summary>
public static class MicroBenchmarks
{
    public static int Run(BenchOptions options)
    {
        var config = ManualConfig.CreateMinimumViable()
            .AddJob(Job.ShortRun.WithToolchain(InProcessEmitToolchain.Instance))
            .AddDiagnoser(BenchmarkDotNet.Diagnosers.MemoryDiagnoser.Default)
            .WithArtifactsPath(Path.Combine(Path.GetTempPath(), "deployer-bench", "bdn"));
        var args = options.String("filter") is { } filter ? new[] { "--filter", filter } : ["--filter", "*"];
        BenchmarkSwitcher.FromTypes([typeof(HotPaths)]).Run(args, config);
        return 0;
    }
}

[MemoryDiagnoser]
public class HotPaths
{
    private const string Secret = "bench-signing-secret";
    private SlackRequestVerifier _verifier = null!;
    private byte[] _body = null!;
    private string _bodyText = null!;
    private string _timestamp = null!;
    private string _signature = null!;
    private CommandParser _parser = null!;
    private ServiceManifest _manifest = null!;
    private PipelineEvaluator _evaluator = null!;
    private PipelineSnapshot _snapshot = null!;
    private CycleSources _sources = null!;
    private string _manifestJson = null!;
    private DateTimeOffset _now;

    [GlobalSetup]
    public void Setup()
    {
        _now = TimeProvider.System.GetUtcNow();
        _verifier = new SlackRequestVerifier(Secret, TimeProvider.System);
        _bodyText = "token=bench&team_id=T0BENCH01&team_domain=acme&channel_id=C0BENCH01&channel_name=deploys&user_id=U0BENCH01&user_name=bench"
            + "&command=%2Fdeployer&text=status+svc-0500&api_app_id=A0BENCH01&is_enterprise_install=false"
            + "&response_url=http%3A%2F%2F127.0.0.1%3A1%2Fslack%2Fresponse&trigger_id=1.2.3";
        _body = Encoding.UTF8.GetBytes(_bodyText);
        _timestamp = _now.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
        _signature = new SlackRequestSigner(Secret).Sign(_now.ToUnixTimeSeconds(), _body);

        var manifests = Enumerable.Range(0, 1000)
            .Select(i => ManifestParser.Parse(ManifestGenerator.Manifest(i, "heroku"), $"svc-{i:D4}.json").Manifest!)
            .ToList();
        var catalog = new ManifestCatalog(manifests);
        _parser = new CommandParser(catalog);
        _manifest = manifests[2]; // 3 stages, sharded production
        _manifestJson = ManifestGenerator.Manifest(2, "heroku");
        _evaluator = new PipelineEvaluator(TimeSpan.FromSeconds(10), TimeProvider.System);
        var release = new Release { Id = "r1", Version = 10, Commit = ManifestGenerator.Sha("x"), CreatedAt = _now.AddDays(-1) };
        _snapshot = new PipelineSnapshot(_manifest.Service,
            _manifest.Stages.SelectMany(s => s.Targets).ToDictionary(t => t, t => new TargetState(t, release), StringComparer.OrdinalIgnoreCase), _now);
        _sources = new CycleSources([_manifest], [], [], null, null, CancellationToken.None);
    }

    [Benchmark]
    public bool VerifySignature() => _verifier.Verify(_signature, _timestamp, _body).IsValid;

    [Benchmark]
    public SlashCommand? ParseSlashCommandForm() => SlashCommandParser.TryParseForm(_bodyText, out var c) ? c : null;

    /// <summary>
    /// The same form read with the FormReader disposed: it rents a 16 KB buffer from the shared pool, and only
    /// Dispose gives it back (SlashCommandParser and SlackInbound never dispose theirs, so every read allocates it).
    /// </summary>
    [Benchmark]
    public int ParseFormDisposed()
    {
        using var reader = new Microsoft.AspNetCore.WebUtilities.FormReader(_bodyText);
        return reader.ReadForm().Count;
    }

    [Benchmark]
    public bool ParseStatusCommand() => _parser.Parse("status svc-0500").Succeeded;

    [Benchmark]
    public async Task<int> EvaluateInSyncPipeline() =>
        (await _evaluator.EvaluateAsync(_manifest, _snapshot, [], _sources, _now, CancellationToken.None)).Count;

    [Benchmark]
    public bool ParseManifest() => ManifestParser.Parse(_manifestJson, "svc-0002.json").Succeeded;
}
