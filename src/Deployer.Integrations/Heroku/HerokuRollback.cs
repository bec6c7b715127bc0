using Deployer.Core.Promotions;
using Deployer.Core.Releases;
using Deployer.Integrations.Http;

namespace Deployer.Integrations.Heroku;

/// <summary>
/// Heroku's documented rollback: <c>POST /apps/{app}/releases</c> with <c>{"release": "&lt;id&gt;"}</c> creates a new
/// release running that release's slug and config; it is then polled with <c>GET /apps/{app}/releases/{id}</c> until its
/// <c>status</c> is <c>succeeded</c> or <c>failed</c>. Every call goes through <see cref="HerokuApi"/> (token, version
/// header, <c>RateLimit-Remaining</c> into the budget); like a promotion it spends the reserve the sweep leaves, and is
/// refused up front when the budget cannot pay for its calls. The new release ids are recorded one by one as Heroku
/// returns them, so a restart polls them instead of posting again.
/// </summary>
internal sealed class HerokuRollback(HerokuApi api, HerokuOptions options, TimeProvider time)
{
    private const string Prefix = "heroku-rollback:";

    public async Task<PromotionResult> RunAsync(RollbackPlan plan, Func<string, Task> recordExternalId, CancellationToken cancellationToken)
    {
        // One POST and at least one poll per target.
        var calls = plan.Targets.Count * 2;
        if (api.Budget.ShouldDefer(calls, out var remaining, out var retryAfter))
        {
            return PromotionResult.Failure(
                $"{HerokuApi.System}: rate budget too low to roll back ({remaining} calls left, {calls} needed); try again in ~{IntegrationHttp.Format(retryAfter)}", plan.TargetNames);
        }

        var created = new List<(string Target, string ReleaseId)>();
        var results = new Dictionary<string, TargetPromotionResult>(StringComparer.OrdinalIgnoreCase);
        foreach (var previous in plan.Targets)
        {
            if (results.Values.Any(r => !r.Succeeded))
            {
                results[previous.Target] = new TargetPromotionResult(previous.Target, false, "not attempted: an earlier target failed");
                continue;
            }

            try
            {
                var release = await api.PostAsync<HerokuRelease>(
                    $"apps/{IntegrationHttp.Segment(previous.Target)}/releases", new HerokuRollbackBody(previous.ReleaseId), cancellationToken);
                created.Add((previous.Target, release.Id));
                await recordExternalId(Format(created));
            }
            catch (IntegrationException ex)
            {
                results[previous.Target] = new TargetPromotionResult(previous.Target, false, ex.Message);
            }
        }

        foreach (var (target, releaseId) in created)
        {
            results[target] = await PollAsync(target, releaseId, cancellationToken);
        }

        return Outcome(plan, results);
    }

    /// <summary>After a restart: polls the releases the record names; a target never posted leaves the result unfinished.</summary>
    public async Task<PromotionResult?> ResumeAsync(string externalId, RollbackPlan plan, CancellationToken cancellationToken)
    {
        if (Parse(externalId) is not { Count: > 0 } created)
        {
            return null;
        }

        var results = new Dictionary<string, TargetPromotionResult>(StringComparer.OrdinalIgnoreCase);
        foreach (var previous in plan.Targets)
        {
            results[previous.Target] = created.TryGetValue(previous.Target, out var releaseId)
                ? await PollAsync(previous.Target, releaseId, cancellationToken)
                : new TargetPromotionResult(previous.Target, false, "not attempted: the bot stopped before it");
        }

        var outcome = Outcome(plan, results);
        var cutShort = plan.Targets.Any(t => !created.ContainsKey(t.Target));
        return outcome with { Unfinished = cutShort && results.Values.All(r => r.Succeeded || r.Error!.StartsWith("not attempted", StringComparison.Ordinal)) };
    }

    private async Task<TargetPromotionResult> PollAsync(string target, string releaseId, CancellationToken cancellationToken)
    {
        var deadline = time.GetUtcNow() + options.PromotionTimeout;
        string? lastError = null;
        while (true)
        {
            try
            {
                var release = await api.GetAsync<HerokuRelease>($"apps/{IntegrationHttp.Segment(target)}/releases/{IntegrationHttp.Segment(releaseId)}", null, cancellationToken);
                if (string.Equals(release.Status, "succeeded", StringComparison.OrdinalIgnoreCase))
                {
                    return new TargetPromotionResult(target, true, null);
                }

                if (string.Equals(release.Status, "failed", StringComparison.OrdinalIgnoreCase))
                {
                    return new TargetPromotionResult(target, false, $"release v{release.Version} ({releaseId}) failed{(release.Description is { Length: > 0 } d ? $": {d}" : "")}");
                }

                lastError = null;
            }
            catch (IntegrationException ex) when (ex.IsTransient)
            {
                // A blip while polling does not decide the rollback: keep asking until the deadline.
                lastError = ex.Message;
            }
            catch (IntegrationException ex)
            {
                return new TargetPromotionResult(target, false, $"{ex.Message} (release {releaseId})");
            }

            if (time.GetUtcNow() >= deadline)
            {
                return new TargetPromotionResult(target, false,
                    $"release {releaseId} still pending after {IntegrationHttp.Format(options.PromotionTimeout)}{(lastError is null ? "" : $"; last error: {lastError}")}");
            }

            await Task.Delay(options.PollInterval, time, cancellationToken);
        }
    }

    private static PromotionResult Outcome(RollbackPlan plan, Dictionary<string, TargetPromotionResult> results)
    {
        var ordered = plan.Targets.Select(t => results[t.Target]).ToList();
        var failed = ordered.Where(r => !r.Succeeded).ToList();
        return failed.Count == 0
            ? new PromotionResult(true, "rolled back " + string.Join(", ", plan.Targets.Select(t => $"{t.Target} to {t.ReleaseId} ({t.ShortCommit})")), ordered)
            : new PromotionResult(false, $"{HerokuApi.System}: rollback failed on " + string.Join("; ", failed.Select(f => $"{f.Target}: {f.Error}")), ordered);
    }

    private static string Format(List<(string Target, string ReleaseId)> created) =>
        Prefix + string.Join(";", created.Select(c => $"{c.Target}={c.ReleaseId}"));

    private static Dictionary<string, string>? Parse(string externalId)
    {
        if (!externalId.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return null;
        }

        return externalId[Prefix.Length..].Split(';', StringSplitOptions.RemoveEmptyEntries)
            .Select(pair => pair.Split('=', 2))
            .Where(parts => parts.Length == 2)
            .ToDictionary(parts => parts[0], parts => parts[1], StringComparer.OrdinalIgnoreCase);
    }
}
