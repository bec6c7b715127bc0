namespace Deployer.Bot.Dashboard.Views;

/// <summary>One pipeline: its stages in order, the pair between each two, its holds and open force requests.</summary>
public sealed record BoardRow(
    string Service,
    string? Repository,
    RowState State,
    IReadOnlyList<StageCell> Stages,
    IReadOnlyList<PairView> Pairs,
    IReadOnlyList<HoldView> Holds,
    IReadOnlyList<ForceView> ForceRequests)
{
    /// <summary>The element id of the row (services are restricted to [a-z0-9-] by the manifest schema, but ids never trust that).</summary>
    public string DomId => DomIds.For("row", Service);
}
