using System.Globalization;
using System.Text.Json;

namespace Deployer.Core.Manifests;

/// <summary>Reading of the <c>checks</c> object, shared by the pipeline and each stage.</summary>
internal sealed partial class ManifestReader
{
    private ChecksSpec ReadChecks(JsonElement element, string path)
    {
        var spec = new ChecksSpec();
        if (element.TryGetProperty("releaseAge", out var age))
        {
            var at = JsonPaths.Property(path, "releaseAge");
            spec = spec with { ReleaseAge = new ReleaseAgeSpec(Duration(age.GetProperty("min"), JsonPaths.Property(at, "min")) ?? TimeSpan.Zero, Mode(age)) };
        }

        if (element.TryGetProperty("integrationTests", out var tests))
        {
            var at = JsonPaths.Property(path, "integrationTests");
            var min = tests.TryGetProperty("minRuntime", out var m) ? Duration(m, JsonPaths.Property(at, "minRuntime")) ?? TimeSpan.Zero : TimeSpan.Zero;
            spec = spec with { IntegrationTests = new IntegrationTestsSpec(String(tests, "suite") ?? "", min, Mode(tests)) };
        }

        if (element.TryGetProperty("incidents", out var incidents))
        {
            spec = spec with { Incidents = new IncidentsSpec(Strings(incidents, "services"), Mode(incidents)) { Source = String(incidents, "source") } };
        }

        if (element.TryGetProperty("alerts", out var alerts))
        {
            spec = spec with { Alerts = ReadAlerts(alerts, JsonPaths.Property(path, "alerts")) };
        }

        if (element.TryGetProperty("branch", out var branch))
        {
            spec = spec with { Branch = new BranchSpec(String(branch, "name"), Mode(branch)) };
        }

        if (element.TryGetProperty("window", out var window))
        {
            spec = spec with { Window = ReadWindow(window, JsonPaths.Property(path, "window")) };
        }

        if (element.TryGetProperty("freezes", out var freezes))
        {
            spec = spec with { Freezes = ReadFreezes(freezes, JsonPaths.Property(path, "freezes")) };
        }

        return spec;
    }

    private List<AlertSpec> ReadAlerts(JsonElement array, string path)
    {
        var alerts = new List<AlertSpec>();
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var i = 0;
        foreach (var element in array.EnumerateArray())
        {
            var at = JsonPaths.Index(path, i++);
            var alert = new AlertSpec
            {
                Name = String(element, "name") ?? "",
                Source = String(element, "source") ?? "",
                Matchers = Strings(element, "matchers"),
                AlertId = element.TryGetProperty("alertId", out var id) && id.TryGetInt64(out var n) ? n : null,
                Stages = Strings(element, "stages"),
                Mode = Mode(element),
            };
            if (!names.Add(alert.Name))
            {
                Error(JsonPaths.Property(at, "name"), $"duplicate alert name '{alert.Name}'");
            }

            if (alert.Source == "alertmanager")
            {
                if (alert.Matchers.Count == 0)
                {
                    Error(at, "an alertmanager alert needs 'matchers'");
                }

                if (alert.AlertId is not null)
                {
                    Error(JsonPaths.Property(at, "alertId"), "'alertId' is for librato alerts; alertmanager alerts use 'matchers'");
                }

                for (var m = 0; m < alert.Matchers.Count; m++)
                {
                    if (!AlertMatcher.TryParse(alert.Matchers[m], out _, out var error))
                    {
                        Error(JsonPaths.Index(JsonPaths.Property(at, "matchers"), m), error);
                    }
                }
            }
            else if (alert.Source == "librato")
            {
                if (alert.AlertId is null)
                {
                    Error(at, "a librato alert needs 'alertId'");
                }

                if (alert.Matchers.Count > 0)
                {
                    Error(JsonPaths.Property(at, "matchers"), "'matchers' are for alertmanager alerts; librato alerts use 'alertId'");
                }
            }

            alerts.Add(alert);
        }

        return alerts;
    }

    private WindowSpec? ReadWindow(JsonElement element, string path)
    {
        var zoneId = String(element, "timezone") ?? "";
        var zone = NodaTime.DateTimeZoneProviders.Tzdb.GetZoneOrNull(zoneId);
        if (zone is null)
        {
            Error(JsonPaths.Property(path, "timezone"), $"unknown time zone '{zoneId}' (use an IANA name like Europe/Dublin)");
        }

        var days = Strings(element, "days").Where(Days.ContainsKey).Select(d => Days[d]).ToHashSet();
        var hours = String(element, "hours") ?? "";
        var parts = hours.Split('-');
        if (parts.Length != 2
            || !TimeOnly.TryParseExact(parts[0], "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var start)
            || !TimeOnly.TryParseExact(parts[1], "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var end))
        {
            Error(JsonPaths.Property(path, "hours"), $"'{hours}' is not a time range like 09:00-16:00");
            return null;
        }

        // end < start is an overnight window; equal ends would be empty or a whole day, so neither is guessed.
        if (start == end)
        {
            Error(JsonPaths.Property(path, "hours"), $"'{hours}' starts and ends at the same time (use an end before the start, like 22:00-06:00, to cross midnight)");
            return null;
        }

        return zone is null ? null : new WindowSpec(zone, days, start, end, Mode(element));
    }

    private List<FreezeSpec> ReadFreezes(JsonElement array, string path)
    {
        var freezes = new List<FreezeSpec>();
        var i = 0;
        foreach (var element in array.EnumerateArray())
        {
            var at = JsonPaths.Index(path, i++);
            var from = Timestamp(element, "from", at);
            var to = Timestamp(element, "to", at);
            if (from is null || to is null)
            {
                continue;
            }

            if (from >= to)
            {
                Error(JsonPaths.Property(at, "to"), $"freeze must end after it starts ('to' {to:O} is not after 'from' {from:O})");
                continue;
            }

            freezes.Add(new FreezeSpec(from.Value, to.Value, String(element, "reason") ?? ""));
        }

        return freezes;
    }
}
