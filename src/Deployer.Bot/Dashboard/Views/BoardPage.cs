namespace Deployer.Bot.Dashboard.Views;

/// <summary>The board: one page of pipelines after filtering, with counts over all of them.</summary>
public sealed record BoardPage(
    PageChrome Chrome,
    BoardQuery Query,
    IReadOnlyList<BoardRow> Rows,
    int Matching,
    int Total,
    int PageCount,
    int MaxStages,
    IReadOnlyDictionary<RowState, int> Counts);

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

/// <summary>What every page shows around its content.</summary>
/// <param name="ConsoleMode">True when <c>Slack:Mode</c> is <c>Console</c>: commands are typed on the bot's console.</param>
/// <param name="SlashCommand">The slash command (<c>/deployer</c>) shown in copyable commands.</param>
public sealed record PageChrome(string Title, bool ConsoleMode, string SlashCommand, DateTimeOffset Now);
