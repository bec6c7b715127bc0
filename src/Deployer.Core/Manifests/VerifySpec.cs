namespace Deployer.Core.Manifests;

/// <summary>
/// The watch after a promotion into a stage (<c>"verify"</c>): for <see cref="For"/> the stage's health checks must stay
/// green; on failure the stage is held (and with <see cref="VerifyFailureAction.Rollback"/> rolled back). Off when
/// <see cref="Enabled"/> is false (<c>"verify": false</c>).
/// </summary>
public sealed record VerifySpec(TimeSpan For, VerifyFailureAction OnFailure, bool Enabled = true)
{
    /// <summary>When a manifest says nothing: on, 10 minutes, hold.</summary>
    public static VerifySpec Default { get; } = new(TimeSpan.FromMinutes(10), VerifyFailureAction.Hold);

    /// <summary><c>"verify": false</c>.</summary>
    public static VerifySpec Off { get; } = Default with { Enabled = false };
}
