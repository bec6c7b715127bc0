using Deployer.Bot.ChatOps;
using Deployer.Bot.Dashboard.Views;
using Deployer.Core.Commands;
using Deployer.Core.Decisions;
using Deployer.Core.Engine;
using Deployer.Core.Manifests;
using Deployer.Core.Ports;
using Microsoft.Extensions.Options;

namespace Deployer.Bot.Dashboard;

/// <summary>
/// Reads what the pages show from memory where it can (the engine's latest decisions, the hold cache) and from the store
/// otherwise (decisions before the first cycle, force requests, promotions, audit). Never calls an outside system.
/// </summary>
internal sealed class DashboardData(
    IManifestCatalog catalog, PromotionEngine engine, IDecisionStore decisions, HoldCache holds, IForceRequestStore force,
    IPromotionLedger ledger, IAuditLog audit, IOptions<SlackModeOptions> slack, IOptions<DashboardOptions> options, TimeProvider time)
{
    public const int AuditEntries = 50;

    /// <summary>Stage columns of the board: the longest pipeline's stage count (rows and live fragments agree on it).</summary>
    public int MaxStages => catalog.All.Count == 0 ? 0 : catalog.All.Max(m => m.Stages.Count);

    public PageChrome Chrome(string title) =>
        new(title, slack.Value.Mode == ChatMode.Console, slack.Value.Command, time.GetUtcNow());

    public async Task<BoardPage> BoardAsync(BoardQuery query, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var latest = await LatestAsync(cancellationToken);
        var counts = Enum.GetValues<RowState>().ToDictionary(s => s, _ => 0);
        var matching = new List<ServiceManifest>();
        foreach (var manifest in catalog.All)
        {
            var state = RowBuilder.StateOf(manifest.Pairs().Select(p => latest(PairDecision.KeyFor(manifest.Service, p.From.Name, p.To.Name))).ToList(),
                holds.Active(manifest.Service, now).Count > 0);
            counts[state]++;
            if (!string.IsNullOrEmpty(query.Filter) && !manifest.Service.Contains(query.Filter, StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            if (query.NotInSync && state == RowState.InSync)
            {
                continue;
            }

            matching.Add(manifest);
        }

        var size = options.Value.PageSize;
        var pageCount = Math.Max(1, (matching.Count + size - 1) / size);
        var page = Math.Clamp(query.Page, 1, pageCount);
        var open = await force.GetOpenAsync(cancellationToken);
        var rows = matching.Skip((page - 1) * size).Take(size)
            .Select(m => RowBuilder.Build(m, latest, holds.Active(m.Service, now), open, slack.Value.Command, now))
            .ToList();
        return new BoardPage(Chrome("Pipelines"), query with { Page = page }, rows, matching.Count, catalog.All.Count, pageCount, MaxStages, counts);
    }

    /// <summary>One board row, for live updates; null when there is no such pipeline.</summary>
    public async Task<BoardRow?> RowAsync(string service, CancellationToken cancellationToken)
    {
        if (catalog.Find(service) is not { } manifest)
        {
            return null;
        }

        var now = time.GetUtcNow();
        var latest = await LatestAsync(cancellationToken);
        return RowBuilder.Build(manifest, latest, holds.Active(manifest.Service, now), await force.GetOpenAsync(cancellationToken), slack.Value.Command, now);
    }

    public async Task<ServicePage?> ServiceAsync(string service, CancellationToken cancellationToken)
    {
        if (catalog.Find(service) is not { } manifest)
        {
            return null;
        }

        var now = time.GetUtcNow();
        var row = await RowAsync(manifest.Service, cancellationToken);
        // The timeline shows when each commit was promoted into each stage; a rollback is not a promotion of its commit.
        var promotions = (await ledger.GetRecentAsync(manifest.Service, TimelineBuilder.MaxCommits * Math.Max(1, manifest.Stages.Count) * 2, cancellationToken))
            .Where(p => p.Kind == Core.Promotions.IntentKind.Promote).ToList();
        var entries = await audit.QueryAsync(manifest.Service, AuditEntries, cancellationToken);
        var order = manifest.Stages.Select(s => s.Name).ToList();
        var verifications = (await engine.VerificationsAsync(manifest.Service, cancellationToken))
            .OrderBy(v => order.FindIndex(n => string.Equals(n, v.Stage, StringComparison.OrdinalIgnoreCase)))
            .ToList();
        return new ServicePage(
            Chrome(manifest.Service),
            row!,
            ConfiguredChecks.Describe(manifest),
            row!.ForceRequests,
            TimelineBuilder.Build(manifest, row, promotions, now),
            entries.Select(e => new AuditView(e.At, e.Kind.ToString(), e.Actor, e.Pair, e.Commit, e.Summary)).ToList())
        {
            Verifications = verifications,
        };
    }

    /// <summary>The engine's latest decision per pair; before its first cycle (just after a restart) the stored ones.</summary>
    private async Task<Func<string, PairDecision?>> LatestAsync(CancellationToken cancellationToken)
    {
        Dictionary<string, PairDecision>? stored = null;
        var missing = false;
        foreach (var manifest in catalog.All)
        {
            foreach (var (from, to) in manifest.Pairs())
            {
                if (engine.Latest(PairDecision.KeyFor(manifest.Service, from.Name, to.Name)) is null)
                {
                    missing = true;
                    break;
                }
            }

            if (missing)
            {
                break;
            }
        }

        if (missing)
        {
            stored = (await decisions.GetAllAsync(null, cancellationToken)).ToDictionary(d => d.PairKey, StringComparer.OrdinalIgnoreCase);
        }

        return key => engine.Latest(key) ?? stored?.GetValueOrDefault(key);
    }
}
