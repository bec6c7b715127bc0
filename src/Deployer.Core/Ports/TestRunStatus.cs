namespace Deployer.Core.Ports;

/// <summary>The state of one test suite run.</summary>
public enum TestRunStatus
{
    Passed,
    Failed,
    Pending,
}
