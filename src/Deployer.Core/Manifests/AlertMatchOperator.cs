namespace Deployer.Core.Manifests;

/// <summary>The operator of an Alertmanager/Prometheus label matcher.</summary>
public enum AlertMatchOperator
{
    /// <summary><c>=</c></summary>
    Equal,

    /// <summary><c>!=</c></summary>
    NotEqual,

    /// <summary><c>=~</c>, fully anchored.</summary>
    RegexMatch,

    /// <summary><c>!~</c>, fully anchored.</summary>
    RegexNoMatch,
}
