using Deployer.Core.Holds;
using Deployer.Core.Manifests;
using Deployer.Core.Releases;
using Deployer.Core.Verification;
using Microsoft.Extensions.Logging;

namespace Deployer.Core.Engine;

/// <summary>The engine's side of verification (issue 15): the watch moves on before a pipeline's pairs are decided.</summary>
public sealed partial class PromotionEngine
{
    /// <summary>Per service, the verifications its last evaluation left (for status, without a store read).</summary>
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, IReadOnlyList<StageVerification>> _verifications = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The verifications of <paramref name="service"/>'s stages as its last evaluation left them (memory only, for status).</summary>
    public IReadOnlyList<StageVerification> LatestVerifications(string service) =>
        _verifications.TryGetValue(service, out var latest) ? latest : [];

    /// <summary>The stored verification of each stage (null service: every service), for status and the API; empty when verification is not wired.</summary>
    public async Task<IReadOnlyList<StageVerification>> VerificationsAsync(string? service, CancellationToken cancellationToken) =>
        _state.Verifications is { } store ? await store.GetAllAsync(service, cancellationToken) : [];

    /// <summary>
    /// Moves the pipeline's verifications on (acting) or reads them (planning), before its pairs are decided: a hold a
    /// failed verification places counts in this very evaluation. Unreadable verifications block what depends on them.
    /// </summary>
    private async Task<(IReadOnlyList<StageVerification>, string?, IReadOnlyList<Hold>)> WatchAsync(
        CycleRun run, ServiceManifest manifest, PipelineSnapshot snapshot, bool act, CancellationToken ct)
    {
        var holds = run.HoldsFor(manifest.Service);
        if (!act)
        {
            var (read, error) = await ReadVerificationsAsync(manifest.Service, ct);
            return (read, error, holds);
        }

        try
        {
            var (verifications, placed) = await _verifier.WatchAsync(manifest, snapshot, run.Sources, run.Now, ct);
            return (verifications, null, placed.Count == 0 ? holds : [.. holds, .. placed]);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            _logger.LogError(ex, "Cannot verify {Service}", manifest.Service);
            return ([], ex.Message, holds);
        }
    }

    private async Task<(IReadOnlyList<StageVerification>, string?)> ReadVerificationsAsync(string service, CancellationToken cancellationToken)
    {
        try
        {
            return (await _verifier.ReadAsync(service, cancellationToken), null);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            _logger.LogError(ex, "Cannot read verifications of {Service}", service);
            return ([], ex.Message);
        }
    }
}
