using Deployer.Core.Decisions;
using Deployer.Core.Manifests;
using Deployer.Core.Releases;

namespace Deployer.Core.Commands;

/// <summary>The wording and facts force-promote requests are judged and audited by.</summary>
internal static class ForceRequestFacts
{
    internal static string? NothingToForce(PairDecision decision) => decision switch
    {
        { Kind: DecisionKind.InSync } => $"{decision.Service} {decision.PairLabel} is already in sync: every {decision.To} target runs {decision.Upstream?.ShortCommit ?? "the upstream release"}. Nothing to force.",
        { Upstream: null } => $"{decision.Service} {decision.PairLabel}: {decision.From} has no readable release to promote ({decision.BlockingChecks.FirstOrDefault()?.Reason ?? "unreadable"}).",
        { Kind: DecisionKind.Promoting } => $"{decision.Service} {decision.PairLabel}: a promotion of {decision.Upstream.ShortCommit} is already running.",
        _ => null,
    };

    /// <summary>Why a request no longer matches its pair, or null when it still does.</summary>
    internal static string? Stale(ForceRequest request, PairDecision decision)
    {
        if (decision.Kind is DecisionKind.InSync or DecisionKind.Promoted)
        {
            return $"{request.PairLabel} is already in sync; nothing left to force";
        }

        return decision.Upstream is { } up && !Release.CommitsMatch(up.Commit, request.Commit)
            ? $"{request.From} moved on from {request.ShortCommit} to {up.ShortCommit}; request again to promote the new commit"
            : null;
    }

    internal static IReadOnlyList<string> Failing(PairDecision decision) => [.. decision.BlockingChecks.Select(DecisionText.Check)];

    internal static string Join(IReadOnlyList<string> checks) => checks.Count == 0 ? "none" : string.Join("; ", checks);

    internal static string NotPending(ForceRequest request) => request.Status switch
    {
        ForceRequestStatus.Expired => $"Request `{request.Id}` has expired ({request.Note}).",
        ForceRequestStatus.Rejected => $"Request `{request.Id}` was {request.Note}.",
        ForceRequestStatus.Promoting => $"Request `{request.Id}` is already approved and promoting.",
        ForceRequestStatus.Promoted => $"Request `{request.Id}` already promoted {request.ShortCommit} {request.PairLabel}.",
        ForceRequestStatus.Failed => $"Request `{request.Id}` already ran and failed ({request.Note}).",
        _ => $"Request `{request.Id}` is {request.Status.ToString().ToLowerInvariant()}.",
    };

    internal static string Describe(TimeSpan span) => DurationParser.Format(span);

    internal static Dictionary<string, string> Data(ForceRequest request, IReadOnlyList<string>? failingNow = null)
    {
        var data = new Dictionary<string, string>
        {
            ["request"] = request.Id,
            ["requestedBy"] = request.RequestedBy,
            ["bypassed"] = Join(request.BypassedChecks),
            ["approvals"] = string.Join(",", request.Approvals.Select(a => a.By)),
            ["status"] = request.Status.ToString(),
        };
        if (request.BreakGlass)
        {
            data["breakGlass"] = "true";
            data["incidents"] = string.Join("; ", request.Incidents);
        }

        if (failingNow is not null)
        {
            data["failingAtApproval"] = Join(failingNow);
        }

        return data;
    }
}
