namespace Deployer.Core.Manifests;

/// <summary><c>enforce</c> blocks on failure; <c>shadow</c> is evaluated and reported, never blocking.</summary>
public enum CheckMode
{
    Enforce,
    Shadow,
}
