using Deployer.Core.Decisions;
using Deployer.Core.Engine;
using Deployer.Core.Holds;
using Deployer.Core.Manifests;
using Deployer.Core.Ports;
using Deployer.Core.Releases;
using Deployer.Core.Verification;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace Deployer.Bot.Endpoints;

/// <summary><c>GET /api/pipelines[?service=S]</c>: every pipeline as the engine last saw and decided it (no outside calls).</summary>
public static class PipelineEndpoints
{
    public static IEndpointRouteBuilder MapPipelines(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/pipelines", GetAsync);
        return app;
    }

    internal static async Task<Results<Ok<List<PipelineResponse>>, NotFound<ErrorResponse>>> GetAsync(
        string? service, IManifestCatalog catalog, PromotionEngine engine, IDecisionStore decisions, IHoldStore holdStore, TimeProvider time,
        CancellationToken cancellationToken)
    {
        IReadOnlyList<ServiceManifest> manifests = catalog.All;
        if (service is not null)
        {
            if (catalog.Find(service) is not { } one)
            {
                return TypedResults.NotFound(new ErrorResponse($"no pipeline '{service}' (known: {string.Join(", ", catalog.All.Select(m => m.Service))})"));
            }

            manifests = [one];
        }

        var stored = (await decisions.GetAllAsync(service, cancellationToken)).ToDictionary(d => d.PairKey, StringComparer.OrdinalIgnoreCase);
        var verifications = (await engine.VerificationsAsync(service, cancellationToken)).ToLookup(v => v.Service, StringComparer.OrdinalIgnoreCase);
        var holds = (await holdStore.GetActiveAsync(service, time.GetUtcNow(), cancellationToken)).ToLookup(h => h.Service, StringComparer.OrdinalIgnoreCase);
        var pipelines = manifests
            .Select(m => Describe(m, key => engine.Latest(key) ?? stored.GetValueOrDefault(key), verifications[m.Service].ToList(), holds[m.Service].ToList()) with
            {
                SnapshotAt = engine.Sweep.FreshAt(m.Service),
            })
            .ToList();
        return TypedResults.Ok(pipelines);
    }

    private static PipelineResponse Describe(
        ServiceManifest manifest, Func<string, PairDecision?> lastDecision, List<StageVerification> verifications, List<Hold> holds)
    {
        var pairs = manifest.Pairs().Select(p => (p.From, p.To, Decision: lastDecision(PairDecision.KeyFor(manifest.Service, p.From.Name, p.To.Name)))).ToList();
        var seen = new Dictionary<string, TargetState>(StringComparer.OrdinalIgnoreCase);
        foreach (var state in pairs.Where(p => p.Decision is not null).SelectMany(p => p.Decision!.UpstreamTargets.Concat(p.Decision.DownstreamTargets)))
        {
            seen.TryAdd(state.Target, state);
        }

        var stages = manifest.Stages
            .Select(s => new StageResponse(s.Name, s.Targets.Select(t => Target(t, seen.GetValueOrDefault(t))).ToList())
            {
                Holds = holds.Where(h => h.Covers(s.Name)).Select(Hold).ToList(),
            })
            .ToList();
        return new PipelineResponse(manifest.Service, manifest.Platform.Kind, stages, pairs.Select(p =>
        {
            var verification = verifications.FirstOrDefault(v => string.Equals(v.Stage, p.To.Name, StringComparison.OrdinalIgnoreCase));
            return Pair(p.From.Name, p.To.Name, p.Decision) with
            {
                Verification = verification is { Commit.Length: > 0 } v
                    ? new VerificationResponse(v.Commit, v.State.ToString().ToLowerInvariant(), v.EndedAt ?? v.Until, v.Reason)
                    : null,
                Rejected = (verification?.Rejected ?? []).Select(r => new RejectedResponse(r.Commit, r.Reason, r.At)).ToList(),
            };
        }).ToList());
    }

    private static HoldResponse Hold(Hold h) => new(h.Id, h.Stage, h.By, h.Reason, h.CreatedAt, h.Until, h.By == VerificationBy);

    /// <summary>The author of automatic holds (a failed verification).</summary>
    private const string VerificationBy = "deployer";

    private static TargetResponse Target(string target, TargetState? state) =>
        new(target, state?.Release is { } r ? Release(r) : null, state is null ? "not read yet" : state.Error);

    private static ReleaseResponse Release(Release r) =>
        new(r.Id, r.Version, r.Commit, r.ShortCommit, r.Branch, r.CreatedAt, r.Status.ToString().ToLowerInvariant());

    private static PairResponse Pair(string from, string to, PairDecision? d) => d is null
        ? new PairResponse(from, to, null, null, null, null, null, [], [])
        : new PairResponse(
            from, to, d.Kind.ToString(), d.Commit, d.At, DecisionText.OneLine(d), d.Detail, d.TargetsToPromote,
            d.Checks.Select(c => new CheckResponse(c.Check, c.OutcomeLabel, c.Reason, c.ClearsAt)).ToList());
}
