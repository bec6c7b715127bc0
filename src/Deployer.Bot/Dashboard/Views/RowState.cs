namespace Deployer.Bot.Dashboard.Views;

/// <summary>The row's overall state, for the "only pipelines that are not in sync" filter and the counts.</summary>
public enum RowState
{
    InSync,
    Pending,
    Blocked,
    Held,
    NotEvaluated,
}
