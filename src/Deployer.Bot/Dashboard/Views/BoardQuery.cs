namespace Deployer.Bot.Dashboard.Views;

/// <summary>The board's filter: service name contains <see cref="Filter"/>, only not-in-sync pipelines, which page.</summary>
public sealed record BoardQuery(string? Filter, bool NotInSync, int Page)
{
    /// <summary>The query string for another page of the same filter.</summary>
    public string ToQueryString(int page)
    {
        var parts = new List<string>(3);
        if (!string.IsNullOrEmpty(Filter))
        {
            parts.Add("q=" + Uri.EscapeDataString(Filter));
        }

        if (NotInSync)
        {
            parts.Add("notInSync=1");
        }

        if (page > 1)
        {
            parts.Add("page=" + page.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        return parts.Count == 0 ? "/" : "/?" + string.Join('&', parts);
    }
}
