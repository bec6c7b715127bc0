using System.Globalization;

namespace Deployer.Core.Manifests;

/// <summary>Checking of the <c>checks</c> object, shared by the pipeline and each stage.</summary>
internal sealed partial class ManifestReader
{
    private static readonly Dictionary<string, DayOfWeek> Days = new(StringComparer.OrdinalIgnoreCase)
    {
        ["Mon"] = DayOfWeek.Monday,
        ["Tue"] = DayOfWeek.Tuesday,
        ["Wed"] = DayOfWeek.Wednesday,
        ["Thu"] = DayOfWeek.Thursday,
        ["Fri"] = DayOfWeek.Friday,
        ["Sat"] = DayOfWeek.Saturday,
        ["Sun"] = DayOfWeek.Sunday,
    };

    private ChecksSpec ReadChecks(ManifestDocument.ChecksDocument document, string path) => new()
    {
        ReleaseAge = document.ReleaseAge,
        IntegrationTests = document.IntegrationTests,
        Incidents = document.Incidents,
        Alerts = document.Alerts is { } alerts ? CheckAlerts(alerts, JsonPaths.Property(path, "alerts")) : null,
        Branch = document.Branch,
        Window = document.Window is { } window ? ReadWindow(window, JsonPaths.Property(path, "window")) : null,
        Freezes = document.Freezes is { } freezes ? CheckFreezes(freezes, JsonPaths.Property(path, "freezes")) : null,
    };

    private List<AlertSpec> CheckAlerts(List<AlertSpec> alerts, string path)
    {
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < alerts.Count; i++)
        {
            var (at, alert) = (JsonPaths.Index(path, i), alerts[i]);
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

                // Matchers stay text in the spec (their canonical key); each is parsed here so every bad one is named at once.
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
        }

        return alerts;
    }

    private WindowSpec? ReadWindow(ManifestDocument.WindowDocument document, string path)
    {
        var zoneId = document.Timezone ?? "";
        var zone = FindZone(zoneId);
        if (zone is null)
        {
            Error(JsonPaths.Property(path, "timezone"), $"unknown time zone '{zoneId}' (use an IANA name like Europe/Dublin)");
        }

        var days = (document.Days ?? []).Where(Days.ContainsKey).Select(d => Days[d]).ToHashSet();
        var hours = document.Hours ?? "";
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

        return zone is null ? null : new WindowSpec(zone, days, start, end, document.Mode);
    }

    /// <summary>The time zone named by an IANA id, or null when there is none by that name.</summary>
    private static NodaTime.DateTimeZone? FindZone(string id) => NodaTime.DateTimeZoneProviders.Tzdb.GetZoneOrNull(id);

    private List<FreezeSpec> CheckFreezes(List<FreezeSpec> freezes, string path)
    {
        var valid = new List<FreezeSpec>();
        for (var i = 0; i < freezes.Count; i++)
        {
            var freeze = freezes[i];
            if (freeze.From >= freeze.To)
            {
                Error(JsonPaths.Property(JsonPaths.Index(path, i), "to"), $"freeze must end after it starts ('to' {freeze.To:O} is not after 'from' {freeze.From:O})");
                continue;
            }

            // A freeze without a reason says so with an empty one, never null.
            valid.Add(freeze with { Reason = freeze.Reason ?? "" });
        }

        return valid;
    }
}
