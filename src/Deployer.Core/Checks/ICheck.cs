namespace Deployer.Core.Checks;

/// <summary>One gate on a stage pair. Returns no result when the manifest does not configure it.</summary>
public interface ICheck
{
    string Name { get; }

    /// <summary>True when the check only looks at data already in hand (run first, never times out).</summary>
    bool IsLocal { get; }

    /// <summary>Zero or more results (alerts give one per watched alert). Thrown exceptions become <see cref="CheckOutcome.Unknown"/>.</summary>
    ValueTask<IReadOnlyList<CheckResult>> EvaluateAsync(CheckContext context, CancellationToken cancellationToken);
}
