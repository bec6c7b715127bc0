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
