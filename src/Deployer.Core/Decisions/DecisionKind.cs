namespace Deployer.Core.Decisions;

/// <summary>The outcome for one stage pair in one cycle.</summary>
public enum DecisionKind
{
    InSync,
    Promote,
    Blocked,
    Held,
    Promoting,
    Promoted,
    Failed,
}
