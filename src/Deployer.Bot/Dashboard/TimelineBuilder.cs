using Deployer.Bot.Dashboard.Views;
using Deployer.Core.Manifests;
using Deployer.Core.Promotions;
using Deployer.Core.Releases;

namespace Deployer.Bot.Dashboard;

/// <summary>
/// When each recent commit reached each stage: completed promotions from the ledger, and for releases that did not come
/// through the engine (the first stage, deploys by hand) the release's creation time.
/// </summary>
internal static class TimelineBuilder
{
    public const int MaxCommits = 12;

    public static CommitTimeline Build(ServiceManifest manifest, BoardRow row, IReadOnlyList<PromotionIntent> promotions, DateTimeOffset now)
    {
        var stageIndex = manifest.Stages.Select((s, i) => (s.Name, i)).ToDictionary(x => x.Name, x => x.i, StringComparer.OrdinalIgnoreCase);
        var reached = new Dictionary<string, Dictionary<int, DateTimeOffset>>(StringComparer.OrdinalIgnoreCase);

        void Mark(string commit, int stage, DateTimeOffset at)
        {
            var key = Key(commit, reached.Keys);
            if (!reached.TryGetValue(key, out var stages))
            {
                reached[key] = stages = [];
            }

            // The first arrival counts: a later re-promotion of the same commit does not move its mark.
            if (!stages.TryGetValue(stage, out var known) || at < known)
            {
                stages[stage] = at;
            }
        }

        foreach (var p in promotions.Where(p => p.Outcome == PromotionOutcome.Succeeded && p.CompletedAt is not null))
        {
            if (stageIndex.TryGetValue(p.To, out var index))
            {
                Mark(p.Commit, index, p.CompletedAt!.Value);
            }
        }

        for (var i = 0; i < row.Stages.Count; i++)
        {
            foreach (var target in row.Stages[i].Targets.Where(t => t.Commit is not null && t.CreatedAt is not null))
            {
                Mark(target.Commit!, i, target.CreatedAt!.Value);
            }
        }

        var commits = reached
            .Where(c => c.Value.Count > 0)
            .OrderByDescending(c => c.Value.Values.Min())
            .Take(MaxCommits)
            .Select(c => new TimelineCommit(
                c.Key.Length > 7 ? c.Key[..7] : c.Key,
                RowBuilder.CommitUrl(manifest, c.Key),
                c.Value.OrderBy(m => m.Key).Select(m => new TimelineMark(m.Key, m.Value)).ToList()))
            .ToList();
        if (commits.Count == 0)
        {
            return new CommitTimeline(manifest.Stages.Select(s => s.Name).ToList(), [], null, null);
        }

        var all = commits.SelectMany(c => c.Marks).Select(m => m.At).ToList();
        var to = all.Max();
        return new CommitTimeline(manifest.Stages.Select(s => s.Name).ToList(), commits, all.Min(), to > now ? to : now);
    }

    /// <summary>Short and full shas of one commit share a mark row.</summary>
    private static string Key(string commit, IEnumerable<string> known) =>
        known.FirstOrDefault(k => Release.CommitsMatch(k, commit)) ?? commit;
}
