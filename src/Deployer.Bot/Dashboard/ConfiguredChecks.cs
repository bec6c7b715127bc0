using System.Globalization;
using Deployer.Bot.Dashboard.Views;
using Deployer.Core.Manifests;

namespace Deployer.Bot.Dashboard;

/// <summary>The checks and alerts a manifest configures, pipeline-wide and per stage, in words.</summary>
internal static class ConfiguredChecks
{
    public static IReadOnlyList<ConfiguredCheck> Describe(ServiceManifest manifest)
    {
        var list = new List<ConfiguredCheck>();
        Add(list, "every promotion", manifest.Checks);
        foreach (var stage in manifest.Stages.Where(s => s.Checks is not null))
        {
            Add(list, $"into {stage.Name}", stage.Checks!);
        }

        return list;
    }

    private static void Add(List<ConfiguredCheck> list, string scope, ChecksSpec checks)
    {
        if (checks.ReleaseAge is { } age)
        {
            list.Add(new("release-age", scope, $"at least {Duration(age.Min)} old", age.Mode == CheckMode.Shadow));
        }

        if (checks.IntegrationTests is { } tests)
        {
            list.Add(new("integration-tests", scope, $"suite {tests.Suite} passed, release live {Duration(tests.MinRuntime)}", tests.Mode == CheckMode.Shadow));
        }

        if (checks.Incidents is { } incidents)
        {
            list.Add(new("incidents", scope, $"no open incident on {string.Join(", ", incidents.Services)}{(incidents.Source is { } s ? $" ({s})" : "")}",
                incidents.Mode == CheckMode.Shadow));
        }

        foreach (var alert in checks.Alerts ?? [])
        {
            var what = alert.AlertId is { } id ? $"alert {id}" : string.Join(", ", alert.Matchers);
            var where = alert.Stages.Count == 0 ? scope : $"{scope}, only into {string.Join(", ", alert.Stages)}";
            list.Add(new("alerts", where, $"{alert.Name}: {alert.Source} {what} not firing", alert.Mode == CheckMode.Shadow));
        }

        if (checks.Branch is { } branch)
        {
            list.Add(new("branch", scope, $"commit on {branch.Name ?? "the manifest's branch"}", branch.Mode == CheckMode.Shadow));
        }

        if (checks.Window is { } window)
        {
            var days = string.Join(",", window.Days.OrderBy(d => ((int)d + 6) % 7).Select(d => d.ToString()[..3]));
            list.Add(new("deploy-window", scope,
                $"{days} {window.Start.ToString("HH:mm", CultureInfo.InvariantCulture)}-{window.End.ToString("HH:mm", CultureInfo.InvariantCulture)} {window.TimeZone.Id}",
                window.Mode == CheckMode.Shadow));
        }

        foreach (var freeze in checks.Freezes ?? [])
        {
            list.Add(new("deploy-window", scope,
                $"freeze '{freeze.Reason}' {freeze.From.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)} to {freeze.To.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)} UTC",
                false));
        }
    }

    private static string Duration(TimeSpan span) =>
        span.TotalDays >= 1 && span.TotalDays == Math.Floor(span.TotalDays) ? $"{span.TotalDays:0}d"
        : span.TotalHours >= 1 ? (span.Minutes == 0 ? $"{(int)span.TotalHours}h" : $"{(int)span.TotalHours}h{span.Minutes}m")
        : span.TotalMinutes >= 1 ? $"{(int)span.TotalMinutes}m"
        : $"{(int)span.TotalSeconds}s";
}
