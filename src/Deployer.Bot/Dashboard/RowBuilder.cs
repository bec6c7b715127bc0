using Deployer.Bot.ChatOps.Rendering;
using Deployer.Bot.Dashboard.Views;
using Deployer.Core.Commands;
using Deployer.Core.Decisions;
using Deployer.Core.Holds;
using Deployer.Core.Manifests;
using Deployer.Core.Releases;

namespace Deployer.Bot.Dashboard;

/// <summary>Turns one manifest, its last decisions, holds and force requests into a <see cref="BoardRow"/> (no I/O).</summary>
internal static class RowBuilder
{
    public static BoardRow Build(
        ServiceManifest manifest, Func<string, PairDecision?> latest, IReadOnlyList<Hold> holds, IEnumerable<ForceRequest> force,
        string slashCommand, DateTimeOffset now)
    {
        var seen = new Dictionary<string, TargetState>(StringComparer.OrdinalIgnoreCase);
        var pairs = new List<PairView>(Math.Max(0, manifest.Stages.Count - 1));
        var decided = new List<PairDecision?>(pairs.Capacity);
        foreach (var (from, to) in manifest.Pairs())
        {
            var decision = latest(PairDecision.KeyFor(manifest.Service, from.Name, to.Name));
            decided.Add(decision);
            if (decision is not null)
            {
                foreach (var state in decision.UpstreamTargets)
                {
                    seen.TryAdd(state.Target, state);
                }

                foreach (var state in decision.DownstreamTargets)
                {
                    seen.TryAdd(state.Target, state);
                }
            }

            pairs.Add(Pair(manifest, from.Name, to.Name, decision, slashCommand));
        }

        var stages = manifest.Stages
            .Select(s => new StageCell(s.Name, s.Targets.Select(t => Target(manifest, t, seen.GetValueOrDefault(t), now)).ToList()))
            .ToList();
        var holdViews = holds.Select(h => new HoldView(h.Stage ?? "whole pipeline", h.By, h.Reason, h.Until)).ToList();
        var forceViews = force.Where(r => string.Equals(r.Service, manifest.Service, StringComparison.OrdinalIgnoreCase)).Select(Force).ToList();
        return new BoardRow(manifest.Service, manifest.Repository, StateOf(decided, holds.Count > 0), stages, pairs, holdViews, forceViews);
    }

    public static RowState StateOf(IReadOnlyList<PairDecision?> decisions, bool held)
    {
        if (held || decisions.Any(d => d?.Kind == DecisionKind.Held))
        {
            return RowState.Held;
        }

        if (decisions.Any(d => d?.Kind is DecisionKind.Blocked or DecisionKind.Failed))
        {
            return RowState.Blocked;
        }

        if (decisions.Any(d => d?.Kind is DecisionKind.Promote or DecisionKind.Promoting))
        {
            return RowState.Pending;
        }

        return decisions.Any(d => d is null) ? RowState.NotEvaluated : RowState.InSync;
    }

    public static ForceView Force(ForceRequest r) => new(
        r.Id, r.PairLabel, r.ShortCommit, r.RequestedBy, r.Reason, r.Status.ToString().ToLowerInvariant(), r.RequestedAt, r.ExpiresAt,
        r.RequiredApprovals, r.Approvals.Select(a => new ApprovalView(a.By, a.At)).ToList(), r.BreakGlass, r.Note);

    public static string? CommitUrl(ServiceManifest manifest, string? commit) =>
        string.IsNullOrEmpty(manifest.Repository) || string.IsNullOrEmpty(commit)
            ? null
            : $"https://github.com/{manifest.Repository}/commit/{Uri.EscapeDataString(commit)}";

    private static PairView Pair(ServiceManifest manifest, string from, string to, PairDecision? d, string slash)
    {
        if (d is null)
        {
            return new PairView(from, to, Badge.NotEvaluated, null, null, null, null, [], [], null);
        }

        var checks = d.Checks.Select(c => new CheckView(c.Check, c.OutcomeLabel, c.Reason, c.Blocks, c.Duration, c.ClearsAt)).ToList();
        var command = d.Kind switch
        {
            DecisionKind.Blocked or DecisionKind.Failed => $"{slash} force {manifest.Service} {to} <reason>",
            DecisionKind.Held => d.Hold is { } hold ? $"{slash} resume {manifest.Service}{(hold.Stage is { } s ? " " + s : "")}" : null,
            _ => null,
        };
        return new PairView(from, to, Badge.For(d.Kind), d.Upstream?.ShortCommit, CommitUrl(manifest, d.Upstream?.Commit), d.At, d.Detail,
            d.TargetsToPromote, checks, command);
    }

    private static TargetView Target(ServiceManifest manifest, string target, TargetState? state, DateTimeOffset now)
    {
        if (state?.Release is not { } r)
        {
            return new TargetView(target, null, null, null, null, null, null, null, state is null ? "not read yet" : state.Error ?? "no release");
        }

        return new TargetView(target, r.Version, r.Commit, r.ShortCommit, CommitUrl(manifest, r.Commit), r.CreatedAt,
            SlackFormat.Age(now - r.CreatedAt), r.Status.ToString().ToLowerInvariant(), state.Error);
    }
}
